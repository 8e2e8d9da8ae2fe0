import fs from 'node:fs';
import zlib from 'node:zlib';
import { parse } from 'yaml';

/** What a packaged chart (`helm package` .tgz) says about itself: metadata, defaults and schema. */
export interface ChartPackage {
  readonly name: string;
  readonly version: string;
  readonly defaults: Record<string, unknown>;
  readonly schema?: Record<string, unknown>;
  /** The chart's own templates (not its dependencies'), concatenated: what reads `.Values`. */
  readonly templates: string;
}

const BLOCK = 512;

/** The files of a tar archive by path; a chart package is small, so reading it whole is fine. */
function tarEntries(archive: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  for (let offset = 0; offset + BLOCK <= archive.length;) {
    const header = archive.subarray(offset, offset + BLOCK);
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    if (!name) break;
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    if (type === '0') entries.set(prefix ? `${prefix}/${name}` : name, archive.subarray(offset + BLOCK, offset + BLOCK + size));
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

/** Reads the chart's own Chart.yaml, values.yaml and values.schema.json out of its package. */
export function readChartPackage(tgzPath: string): ChartPackage {
  const entries = tarEntries(zlib.gunzipSync(fs.readFileSync(tgzPath)));
  // Packages hold `<chart>/...`; dependency charts live deeper, under `<chart>/charts/`.
  const top = (file: string) => [...entries].find(([entry]) => entry.split('/').length === 2 && entry.endsWith(`/${file}`))?.[1];
  const chartYaml = top('Chart.yaml');
  if (!chartYaml) throw new Error(`${tgzPath} has no Chart.yaml at its top level: not a helm package`);
  const metadata = parse(chartYaml.toString('utf8')) as { name: string; version: string };
  const schema = top('values.schema.json');
  const templates = [...entries].filter(([entry]) => /^[^/]+\/templates\//.test(entry)).map(([, content]) => content.toString('utf8'));
  return {
    name: metadata.name,
    version: metadata.version,
    defaults: (parse(top('values.yaml')?.toString('utf8') ?? '') ?? {}) as Record<string, unknown>,
    schema: schema ? JSON.parse(schema.toString('utf8')) as Record<string, unknown> : undefined,
    templates: templates.join('\n'),
  };
}
