import { randomBytes } from 'node:crypto';
import { Pool, request } from 'undici';
import { type ListenerConfig, MeshServer, parseObjects, silentLogger, type WorkloadConfig } from '../../src';
import { type RandomSource } from '../../src/random-source';

/** The admin token every harness mesh runs with, as npm start's mesh runs with the run's token. */
export const HARNESS_ADMIN_TOKEN = randomBytes(24).toString('base64url');

export interface HarnessOptions {
  /** Rendered objects, as `helm template` would print them. */
  yaml: string;
  workloads: WorkloadConfig[];
  /** Defaults to one sidecar listener per service named in `workloads`. */
  listeners?: ListenerConfig[];
  namespace?: string;
  requestTimeoutMs?: number;
  random?: RandomSource;
}

export interface MeshResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  elapsedMs: number;
}

/** A running mesh on ephemeral ports, with helpers to call its listeners and admin API. */
export class MeshHarness {
  private readonly pools = new Map<string, Pool>();

  private constructor(readonly mesh: MeshServer) {}

  static async start(options: HarnessOptions): Promise<MeshHarness> {
    const services = [...new Set(options.workloads.map((workload) => workload.service))];
    const mesh = await MeshServer.start({
      config: {
        namespace: options.namespace ?? 'courier',
        adminPort: 0,
        listeners: options.listeners ?? services.map((host) => ({ port: 0, host })),
        workloads: options.workloads,
        requestTimeoutMs: options.requestTimeoutMs,
      },
      objects: parseObjects(options.yaml),
      logger: silentLogger,
      random: options.random,
      adminToken: HARNESS_ADMIN_TOKEN,
    });
    return new MeshHarness(mesh);
  }

  /** The base URL of the listener named `name` (its host, or its gateway). */
  listenerUrl(name: string): string {
    const listener = this.mesh.listeners.find((candidate) => candidate.name === name);
    if (!listener) throw new Error(`no listener ${name}`);
    return listener.url;
  }

  async call(listener: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<MeshResponse> {
    const base = this.listenerUrl(listener);
    let pool = this.pools.get(base);
    if (!pool) {
      pool = new Pool(base, { connections: 32 });
      this.pools.set(base, pool);
    }
    const started = performance.now();
    const response = await pool.request({ method: (init.method ?? 'GET') as 'GET', path, headers: init.headers, body: init.body });
    const body = await response.body.text();
    return { status: response.statusCode, headers: response.headers, body, elapsedMs: performance.now() - started };
  }

  /** Sends `count` requests, `concurrency` at a time, and returns all responses in order. */
  async callMany(count: number, listener: string, path: string, init: Parameters<MeshHarness['call']>[2] = {}, concurrency = 32): Promise<MeshResponse[]> {
    const responses: MeshResponse[] = new Array(count);
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const index = next++;
        responses[index] = await this.call(listener, path, init);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
    return responses;
  }

  /** An admin call; a change carries the admin token unless `token` says otherwise (`null`: none). */
  async admin(method: string, path: string, body?: string, contentType = 'application/yaml', token: string | null = HARNESS_ADMIN_TOKEN): Promise<{ status: number; body: string; json: () => unknown; headers: Record<string, unknown> }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = contentType;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const response = await request(`${this.mesh.adminUrl}${path}`, { method: method as 'GET', body, headers });
    const text = await response.body.text();
    return { status: response.statusCode, body: text, json: () => JSON.parse(text), headers: response.headers };
  }

  async stop(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    await this.mesh.stop();
  }
}

/** Which workload answered, for upstreams using the default TestUpstream handler. */
export function workloadOf(response: MeshResponse): string {
  return (JSON.parse(response.body) as { workload: string }).workload;
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
