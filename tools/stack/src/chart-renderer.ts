import { resolveKubernetesTool } from '@courier/cluster';
import type { KubernetesObject } from '@courier/mesh';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import type { ServiceRouting } from './service-routing';
import type { RoutingApi } from './stack-options';

const run = promisify(execFile);
/**
 * The local gateway (npm start, compose) listens on loopback, not on the internet: it routes every
 * path of a service with an ingress, the control room included, where a cluster's routes only the
 * chart's public ingress.paths.
 */
const LOCAL_INGRESS = { paths: [{ prefix: '/' }] };
/** The namespace the charts render into; the mesh uses it for short host names. */
export const STACK_NAMESPACE = 'courier';

/**
 * Renders a service's real Helm chart with its current routing (`helm template`), exactly as the
 * cluster would get it from `helm upgrade`. The local mesh then applies the VirtualServices and
 * DestinationRules (or, with routing.api gateway-api, the HTTPRoutes and per-track Services) from
 * the output. Works on a private copy of charts/ so `helm dependency build`
 * never writes into the repository.
 */
export class ChartRenderer {
  private constructor(
    private readonly helm: string,
    private readonly chartsDir: string,
    private readonly routingApi: RoutingApi,
  ) {}

  /** `routingApi`: the charts' routing.api, so the mesh gets VirtualServices or HTTPRoutes. */
  static async prepare(root: string, services: readonly string[], routingApi: RoutingApi = 'istio'): Promise<ChartRenderer> {
    const helm = resolveKubernetesTool('helm', root).path;
    const chartsDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'courier-stack-charts-')), 'charts');
    await cp(path.join(root, 'charts'), chartsDir, { recursive: true, filter: (source) => !/[/\\]charts[/\\][^/\\]+[/\\]charts([/\\]|$)/.test(source) });
    await Promise.all(services.map((service) => run(helm, ['dependency', 'build', path.join(chartsDir, service), '--skip-refresh'])));
    return new ChartRenderer(helm, chartsDir, routingApi);
  }

  /** Renders and returns every object; helm's own message (schema violations included) on failure. */
  async render(service: string, routing: ServiceRouting): Promise<KubernetesObject[]> {
    const values = path.join(path.dirname(this.chartsDir), `${service}.values.json`);
    const tracks = Object.fromEntries(Object.entries(routing.tracks).map(([track, version]) => [track, { version }]));
    await writeFile(values, JSON.stringify({ rollout: routing.values, tracks, ingress: LOCAL_INGRESS, routing: { api: this.routingApi } }));
    try {
      const { stdout } = await run(this.helm, ['template', service, path.join(this.chartsDir, service), '--namespace', STACK_NAMESPACE, '--set-string', 'image.tag=local', '-f', values], {
        maxBuffer: 16 * 1024 * 1024,
      });
      return parseAllDocuments(stdout)
        .map((doc) => doc.toJS() as KubernetesObject | null)
        .filter((object): object is KubernetesObject => object !== null);
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? (error as Error).message;
      throw new Error(stderr.replace(/^Error: /, '').trim());
    }
  }

  async dispose(): Promise<void> {
    await rm(path.dirname(this.chartsDir), { recursive: true, force: true });
  }
}
