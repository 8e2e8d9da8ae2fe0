import { ChartRenderer } from './chart-renderer';
import { ChartSources } from './chart-source';
import { type ClusterState, draftOf, EMPTY_STATE, type Probe, type StateDraft } from './cluster-state';
import { ValueMerger } from './helm-values';
import { type Promotion, transitionFindings, type Violation, type ViolationKind } from './invariants';
import { RealHelm } from './real-helm';
import { ReleaseStore } from './release-history';

/**
 * The simulator's memory: the states so far, the violations found between them, Helm's releases
 * and pushed charts, and what is still running (port-forward servers, probes).
 */
export class ClusterCore {
  readonly states: ClusterState[] = [EMPTY_STATE];
  readonly found: Violation[] = [];
  readonly promotions: Promotion[] = [];
  readonly releases = new ReleaseStore();
  readonly helm: RealHelm;
  readonly charts: ChartSources;
  readonly values: ValueMerger;
  readonly renderer: ChartRenderer;
  readonly badVersions: Set<string>;
  readonly registryLogins: string[] = [];
  readonly holds = new Set<{ close(): Promise<void> }>();
  /** Releases (`<namespace>/<name>`) with a helm operation under way. */
  readonly busyReleases = new Set<string>();
  private probeIds = 0;

  constructor(readonly workspaceRoot: string, options: { badVersions?: readonly string[]; helmBinary?: string }) {
    this.helm = new RealHelm(workspaceRoot, options.helmBinary);
    this.charts = new ChartSources(this.helm);
    this.values = new ValueMerger(this.helm);
    this.renderer = new ChartRenderer(this.helm);
    this.badVersions = new Set(options.badVersions ?? []);
  }

  get current(): ClusterState {
    return this.states[this.states.length - 1];
  }

  /** Records the next state, built from the current one by `edit`, and checks the invariants between them. */
  commit(command: string, what: string, edit: (draft: StateDraft) => void): ClusterState {
    const before = this.current;
    const draft = draftOf(before);
    edit(draft);
    const after: ClusterState = Object.freeze({ ...draft, index: before.index + 1, cause: `${command}: ${what}` });
    this.states.push(after);
    for (const finding of transitionFindings(before, after, this.promotions)) this.found.push({ ...finding, state: after.index, command });
    return after;
  }

  /** A violation that a command causes by itself (rejected values, a missing release). */
  violation(command: string, kind: ViolationKind, message: string): void {
    this.found.push({ kind, state: this.current.index, command, message });
  }

  /** A new id for a kubectl exec or port-forward that may send probe requests. */
  nextProbeId(): number {
    return ++this.probeIds;
  }

  /** From now on, requests with this header reach the service (a new state, unless already so). */
  startProbe(command: string, probe: Probe): void {
    if (this.current.probes.some((other) => JSON.stringify(other) === JSON.stringify(probe))) return;
    this.commit(command, `probe ${probe.header}: ${probe.value} to ${probe.host} started`, (draft) => void draft.probes.push(probe));
  }

  endProbes(command: string, owner: number): void {
    if (!this.current.probes.some((probe) => probe.owner === owner)) return;
    this.commit(command, 'probe stopped', (draft) => void (draft.probes = draft.probes.filter((probe) => probe.owner !== owner)));
  }

  /** Keeps a running thing until it is closed by its caller or by close(). */
  track(close: () => Promise<void>): { close(): Promise<void> } {
    const hold = {
      close: async () => {
        if (!this.holds.delete(hold)) return;
        await close();
      },
    };
    this.holds.add(hold);
    return hold;
  }

  async close(): Promise<void> {
    await Promise.all([...this.holds].map((hold) => hold.close()));
    this.helm.close();
  }
}
