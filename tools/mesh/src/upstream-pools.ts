import { Pool } from 'undici';

/** Envoy's (and Istio's) default upstream connect timeout. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * One keep-alive connection pool per workload origin, shared by every routing table so that a
 * reload keeps warm connections. Pools of workloads that left the config are closed gracefully:
 * undici lets their in-flight requests finish first.
 */
export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();

  get(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connect: { timeout: CONNECT_TIMEOUT_MS },
        keepAliveTimeout: 30_000,
        // Responses can take as long as the route timeout allows; the router enforces timeouts itself.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /** Closes the pools of origins not in `keep`. */
  async retainOnly(keep: ReadonlySet<string>): Promise<void> {
    const closing: Array<Promise<void>> = [];
    for (const [origin, pool] of this.pools) {
      if (keep.has(origin)) continue;
      this.pools.delete(origin);
      closing.push(pool.close().catch(() => undefined));
    }
    await Promise.all(closing);
  }

  async close(): Promise<void> {
    await this.retainOnly(new Set());
  }
}
