import { type KubeObject, parseManifests } from '../../../charts/src/kube-object';
import type { ChartSource } from './chart-source';
import { hashOf } from './content-hash';
import type { Values } from './helm-values';
import type { RealHelm } from './real-helm';

export interface Rendered {
  readonly objects: KubeObject[];
  /** Objects annotated helm.sh/hook, which helm runs around the release instead of keeping. */
  readonly hooks: KubeObject[];
}

export type RenderResult = ({ ok: true } & Rendered) | { ok: false; stderr: string; schema: boolean };

export const hookEvents = (object: KubeObject): string[] =>
  (object.metadata.annotations?.['helm.sh/hook'] ?? '').split(',').map((event) => event.trim()).filter(Boolean);

/**
 * Renders a release with the real `helm template` (which also validates values.schema.json), with
 * values given as layered files: what helm would coalesce over the chart's defaults. Results are
 * cached by chart content and values, so a long sequence of upgrades renders each state once.
 */
export class ChartRenderer {
  /** Shared by every simulator in the process: a render depends only on the chart's content and the values. */
  private static readonly cache = new Map<string, RenderResult>();
  private readonly cache = ChartRenderer.cache;

  constructor(private readonly helm: RealHelm) {}

  async render(release: string, namespace: string, chart: ChartSource, layers: readonly Values[], isUpgrade: boolean): Promise<RenderResult> {
    const key = hashOf(chart.hash, release, namespace, JSON.stringify(layers), String(isUpgrade));
    const cached = this.cache.get(key);
    if (cached) return cached;
    const files = layers.flatMap((layer, index) => ['--values', this.helm.writeScratch(`layer-${index}.json`, JSON.stringify(layer))]);
    const result = await this.helm.run(['template', release, chart.location, '--namespace', namespace, ...(isUpgrade ? ['--is-upgrade'] : []), ...files], this.helm.home);
    let rendered: RenderResult;
    if (result.code !== 0) {
      rendered = { ok: false, stderr: result.stderr, schema: result.stderr.includes("don't meet the specifications of the schema") };
    } else {
      const all = parseManifests(result.stdout);
      rendered = { ok: true, objects: all.filter((object) => hookEvents(object).length === 0), hooks: all.filter((object) => hookEvents(object).length > 0) };
    }
    this.cache.set(key, rendered);
    return rendered;
  }
}
