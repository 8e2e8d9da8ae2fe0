import type { ClusterState } from './cluster-state';
import { resolveHost } from './route-model';
import { backendDeployments, backendService, describeBackend, liveVersion, type RouteTarget, routeTargets, servedVersions } from './mesh-routing';
import { atLeast, compareVersions } from './versions';

export type ViolationKind =
  | 'make-before-break'
  | 'live-version-regressed'
  | 'migration-before-traffic'
  | 'chart-schema'
  | 'render-failed'
  | 'release-missing'
  | 'no-sidecar-injection';

export interface Violation {
  readonly kind: ViolationKind;
  /** Index of the state the violation shows in (for command-level ones, the state when it ran). */
  readonly state: number;
  /** The command line that caused it. */
  readonly command: string;
  readonly message: string;
}

export interface Promotion {
  readonly namespace: string;
  readonly service: string;
  readonly version: string;
}

type Finding = Pick<Violation, 'kind' | 'message'>;

const targetId = (target: RouteTarget) => `${target.route.source} route ${target.route.name} (${target.kind}) -> ${describeBackend(target.backend)}`;

/** Why a routed backend cannot serve in this state, or undefined when a ready Deployment backs it. */
function unservable(state: ClusterState, target: RouteTarget): string | undefined {
  const { deployments, reason } = backendDeployments(state, target.backend);
  if (reason) return reason;
  if (!deployments.some((deployment) => deployment.ready)) return `Deployment ${deployments.map((deployment) => deployment.name).join(', ')} is not ready`;
  return undefined;
}

/**
 * Make-before-break: a route that carries traffic in either state is backed by a ready Deployment
 * in both. Checked both ways: a route that starts pointing at a backend (a subset, or a per-track
 * Service) that does not serve yet, and a backend that served a route in `before` and is gone or
 * unready in `after`. A route object (VirtualService, HTTPRoute) that
 * did not exist before served nobody, so a fresh install is not a break.
 */
function makeBeforeBreak(before: ClusterState, after: ClusterState): Finding[] {
  const findings: Finding[] = [];
  const afterTargets = routeTargets(after);
  const afterIds = new Set(afterTargets.map(targetId));
  for (const target of afterTargets) {
    if (!before.objects[target.route.objectKey]) continue;
    const problem = unservable(after, target);
    if (problem && !unservable(before, target)) findings.push({ kind: 'make-before-break', message: `${targetId(target)} routes traffic, but ${problem}` });
    else if (problem && !routeTargets(before).some((other) => targetId(other) === targetId(target))) {
      findings.push({ kind: 'make-before-break', message: `${targetId(target)} starts routing traffic, but ${problem}` });
    }
  }
  for (const target of routeTargets(before)) {
    if (afterIds.has(targetId(target)) || unservable(before, target)) continue;
    const problem = unservable(after, target);
    if (problem) findings.push({ kind: 'make-before-break', message: `${targetId(target)} routed traffic in the previous state, and now ${problem}` });
  }
  return findings;
}

function liveRegression(state: ClusterState, promotion: Promotion): string | undefined {
  const live = liveVersion(state, promotion.namespace, promotion.service);
  if (live === undefined) return `${promotion.service} in ${promotion.namespace} serves no live version, after ${promotion.version} was promoted`;
  if (compareVersions(live, promotion.version) === -1) return `${promotion.service} in ${promotion.namespace} went live with ${live}, below the promoted ${promotion.version}`;
  return undefined;
}

/** Versions that receive traffic without a migration of their version (or a newer one) having run in their namespace. */
function unmigratedTraffic(state: ClusterState): Map<string, string> {
  const problems = new Map<string, string>();
  for (const target of routeTargets(state)) {
    const service = backendService(state, target.backend);
    const { namespace } = resolveHost(target.backend.host, target.backend.namespace);
    const runs = state.migrations.filter((run) => run.namespace === namespace && run.service === service);
    // A service whose releases never ran a migration hook has no database to migrate.
    if (runs.length === 0) continue;
    for (const version of servedVersions(state, target.backend)) {
      if (runs.some((run) => atLeast(run.version, version))) continue;
      problems.set(
        `${namespace}/${service}@${version}`,
        `${targetId(target)} sends traffic to ${service} ${version}, but the newest migration in ${namespace} ran ${runs.at(-1)?.image} (${runs.at(-1)?.version})`,
      );
    }
  }
  return problems;
}

/** Every invariant between two consecutive states; a condition already broken in `before` is not reported again. */
export function transitionFindings(before: ClusterState, after: ClusterState, promotions: readonly Promotion[]): Finding[] {
  const findings = makeBeforeBreak(before, after);
  for (const promotion of promotions) {
    const problem = liveRegression(after, promotion);
    if (problem && !liveRegression(before, promotion)) findings.push({ kind: 'live-version-regressed', message: problem });
  }
  const earlier = unmigratedTraffic(before);
  for (const [key, message] of unmigratedTraffic(after)) if (!earlier.has(key)) findings.push({ kind: 'migration-before-traffic', message });
  return findings;
}
