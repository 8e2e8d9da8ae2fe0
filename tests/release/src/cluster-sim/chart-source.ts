import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { contentHash } from './content-hash';
import type { RealHelm } from './real-helm';
import { compareVersions } from './versions';

/** A chart as an upgrade uses it: where helm finds it, and what Chart.yaml and values.yaml say. */
export interface ChartSource {
  /** Absolute path of the chart directory or .tgz handed to `helm template`. */
  readonly location: string;
  readonly hash: string;
  readonly name: string;
  readonly version: string;
  readonly appVersion?: string;
  readonly defaults: Record<string, unknown>;
}

export class ChartResolutionError extends Error {}

/**
 * Finds charts as `helm upgrade` would: a directory or a .tgz (relative to the command's working
 * directory), or an `oci://` reference to a chart pushed with `helm push` earlier in the run.
 * Metadata and defaults come from the real `helm show`, cached by the chart's content.
 */
export class ChartSources {
  private readonly pushed = new Map<string, { version: string; file: string }[]>();
  /** `helm show` answers by chart content, shared by every simulator in the process. */
  private static readonly shown = new Map<string, ChartSource>();
  private readonly shown = ChartSources.shown;

  constructor(private readonly helm: RealHelm) {}

  async resolve(ref: string, cwd: string, version?: string): Promise<ChartSource> {
    const location = ref.startsWith('oci://') ? this.pulled(ref, version) : path.resolve(cwd, ref);
    if (!fs.existsSync(location)) throw new ChartResolutionError(`path "${ref}" not found`);
    const hash = contentHash(location);
    const known = this.shown.get(hash);
    if (known) return { ...known, location };
    const [chart, values] = await Promise.all([this.helm.run(['show', 'chart', location], cwd), this.helm.run(['show', 'values', location], cwd)]);
    if (chart.code !== 0) throw new ChartResolutionError(chart.stderr.replace(/^Error: /, '').trim());
    const metadata = parse(chart.stdout) as { name: string; version: string; appVersion?: string };
    const source: ChartSource = {
      location,
      hash,
      name: metadata.name,
      version: String(metadata.version),
      appVersion: metadata.appVersion === undefined ? undefined : String(metadata.appVersion),
      defaults: (parse(values.stdout) ?? {}) as Record<string, unknown>,
    };
    this.shown.set(hash, source);
    return source;
  }

  /** `helm push <tgz> oci://<registry>/<path>`: keeps a copy under `<path>/<chart name>`. */
  async push(tgz: string, remote: string, cwd: string): Promise<string> {
    const chart = await this.resolve(tgz, cwd);
    const repository = `${remote.replace(/\/$/, '')}/${chart.name}`;
    const file = this.helm.writeScratch(`${chart.name}-${chart.version}.tgz`, fs.readFileSync(chart.location));
    const versions = (this.pushed.get(repository) ?? []).filter((entry) => entry.version !== chart.version);
    this.pushed.set(repository, [...versions, { version: chart.version, file }]);
    return `Pushed: ${repository.replace(/^oci:\/\//, '')}:${chart.version}\nDigest: sha256:${chart.hash}\n`;
  }

  /** Without --version, helm takes the highest semver tag of the repository. */
  private pulled(ref: string, version?: string): string {
    const [repository, inlineTag] = splitTag(ref);
    const wanted = version ?? inlineTag;
    const versions = this.pushed.get(repository) ?? [];
    const found = wanted
      ? versions.find((entry) => entry.version === wanted.replace(/^v(?=\d)/, '') || entry.version === wanted)
      : [...versions].sort((a, b) => compareVersions(a.version, b.version) ?? 0).at(-1);
    if (!found) {
      throw new ChartResolutionError(`failed to perform "FetchReference" on source: ${repository.replace(/^oci:\/\//, '')}:${wanted ?? 'latest'}: not found`);
    }
    return found.file;
  }
}

function splitTag(ref: string): [string, string | undefined] {
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash);
  return colon < 0 ? [ref, undefined] : [ref.slice(0, colon), ref.slice(colon + 1)];
}
