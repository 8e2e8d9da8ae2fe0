import { createHash } from 'node:crypto';
import { stringify } from 'yaml';

/** A chart dependency as Chart.yaml lists it (file:// repositories only in Courier). */
export interface ChartDependency {
  name: string;
  version: string;
  repository: string;
  /** Values path that switches the dependency on (the umbrella's `<service>.enabled`). */
  condition?: string;
}

/**
 * helm's Chart.lock digest: sha256 of Go's json.Marshal of [requirements, locked] (helm's
 * resolver.HashReq). `helm dependency build` refuses a lock whose digest does not match Chart.yaml,
 * so a generator that adds a dependency must write this, not leave a stale lock behind. Field order
 * follows helm's chart.Dependency struct; the empty `omitempty` fields are absent. The requirements
 * carry the condition; the locked entries are only what was resolved.
 */
export function chartLockDigest(dependencies: readonly ChartDependency[]): string {
  const requirements = dependencies.map(({ name, version, repository, condition }) => ({ name, version, repository, ...(condition ? { condition } : {}) }));
  const locked = dependencies.map(({ name, version, repository }) => ({ name, version, repository }));
  return `sha256:${createHash('sha256').update(JSON.stringify([requirements, locked])).digest('hex')}`;
}

/** Chart.lock for charts whose dependencies are local (file://), resolved to the listed versions. */
export function chartLock(dependencies: readonly ChartDependency[], generated: Date): string {
  const locked = dependencies.map(({ name, version, repository }) => ({ name, repository, version }));
  // Block sequences at the key's indentation, as helm writes them.
  return stringify({ dependencies: locked, digest: chartLockDigest(dependencies), generated: generated.toISOString() }, { indentSeq: false });
}
