import type { DestinationStats } from './traffic-window';

/** What applying new routing objects or workloads returns: the table's version and its warnings. */
export interface ApplyResult {
  version: number;
  warnings: readonly string[];
}

/** The JSON of GET /stats. */
export interface StatsSnapshot {
  generatedAt: string;
  windowSeconds: number;
  routingVersion: number;
  process: { rssBytes: number; heapUsedBytes: number; uptimeSeconds: number; cpuMicros: number };
  destinations: DestinationStats[];
}
