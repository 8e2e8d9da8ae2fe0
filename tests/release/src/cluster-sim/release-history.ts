import type { KubeObject } from '../../../charts/src/kube-object';
import type { ChartSource } from './chart-source';
import { coalesce, type Values } from './helm-values';

export type RevisionStatus = 'deployed' | 'superseded' | 'failed' | 'uninstalled';

/** One revision as Helm stores it: the chart, the user's values, the chart values it was computed over, and its objects. */
export interface Revision {
  readonly revision: number;
  status: RevisionStatus;
  readonly chart: ChartSource;
  /** What the user supplied (`helm get values`). */
  readonly config: Values;
  /** The chart values the release was computed over: the old release's values under --reuse-values. */
  readonly defaults: Values;
  /** Rendered objects, each with its namespace. */
  readonly objects: readonly KubeObject[];
  readonly description: string;
  readonly updated: string;
}

export interface Release {
  readonly name: string;
  readonly namespace: string;
  readonly revisions: Revision[];
}

/** `helm get values --all`: user values over the chart values. */
export const computedValues = (revision: Revision): Values => coalesce(revision.config, revision.defaults);

/** Every release Helm knows, with its full history, by `<namespace>/<name>`. */
export class ReleaseStore {
  private readonly releases = new Map<string, Release>();

  get(namespace: string, name: string): Release | undefined {
    return this.releases.get(`${namespace}/${name}`);
  }

  getOrCreate(namespace: string, name: string): Release {
    const existing = this.get(namespace, name);
    if (existing) return existing;
    const created: Release = { name, namespace, revisions: [] };
    this.releases.set(`${namespace}/${name}`, created);
    return created;
  }

  remove(namespace: string, name: string): void {
    this.releases.delete(`${namespace}/${name}`);
  }

  all(): Release[] {
    return [...this.releases.values()].filter((release) => release.revisions.length > 0);
  }
}

export const lastRevision = (release: Release | undefined): Revision | undefined => release?.revisions.at(-1);

export const deployedRevision = (release: Release | undefined): Revision | undefined =>
  release?.revisions.filter((revision) => revision.status === 'deployed').at(-1);

/**
 * The revision an upgrade starts from, as helm chooses it: the deployed one, else the last when it
 * failed or was superseded (so a failed first install can still be upgraded).
 */
export const currentRevision = (release: Release | undefined): Revision | undefined => {
  const deployed = deployedRevision(release);
  if (deployed) return deployed;
  const last = lastRevision(release);
  return last && (last.status === 'failed' || last.status === 'superseded') ? last : undefined;
};

export const chartLabel = (revision: Revision) => `${revision.chart.name}-${revision.chart.version}`;
