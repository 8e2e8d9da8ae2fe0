import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { DataCounts, MeshStats, RolloutPlan, StackDescription, StackRollouts } from '@courier/contracts';
import type { StackClient } from '../stack-client';

/** The services a fresh clone has; a lab that adds one looks for the others. */
export const STARTER_SERVICES = ['users', 'delivery', 'web'];

/** What `courier lab check` reads from the running stack: routing, rollouts, rows, mesh figures. */
export interface StackState {
  stack: StackDescription;
  rollouts: StackRollouts;
  data: DataCounts;
  mesh: MeshStats;
  /** Versions whose /healthz did not answer 200, as "delivery v2". */
  notReady: string[];
}

/** What it reads from the workspace it runs in, for the labs that change code, not traffic. */
export interface WorkspaceState {
  root: string;
  /** Services with a services/<name>/service.yaml. */
  services: string[];
  read(file: string): string;
  /** A git command's output, or undefined outside a git repository or when it fails. */
  git(...args: string[]): string | undefined;
}

export async function readStackState(stack: StackClient): Promise<StackState> {
  const description = await stack.describe();
  const [rollouts, data, mesh] = await Promise.all([stack.rollouts(), stack.data(), stack.meshStats(description.meshAdmin)]);
  const versions = Object.entries(description.services).flatMap(([service, { versions }]) => versions.map(({ version, url }) => ({ name: `${service} ${version}`, url })));
  const answers = await Promise.all(versions.map(({ url }) => fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) }).then((answer) => answer.ok, () => false)));
  return { stack: description, rollouts, data, mesh, notReady: versions.filter((_, index) => !answers[index]).map(({ name }) => name) };
}

export function readWorkspaceState(root: string): WorkspaceState {
  const servicesDir = path.join(root, 'services');
  const services = existsSync(servicesDir) ? readdirSync(servicesDir).filter((name) => existsSync(path.join(servicesDir, name, 'service.yaml'))) : [];
  return {
    root,
    services,
    read: (file) => (existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), 'utf8') : ''),
    git: (...args) => {
      try {
        return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      } catch {
        return undefined;
      }
    },
  };
}

/** The latest rollout of a service the stack has heard of: its strategy, and how it ended (if it has). */
export function latestRollout(state: StackState, service: string): { strategy: RolloutPlan['strategy']; status?: string; reason?: string } | undefined {
  const events = state.rollouts[service]?.events ?? [];
  const start = events.findLastIndex((event) => event.type === 'started');
  if (start < 0) return undefined;
  const started = events[start] as Extract<(typeof events)[number], { type: 'started' }>;
  const end = events.slice(start).find((event) => event.type === 'finished' || event.type === 'failed');
  if (!end) return { strategy: started.plan.strategy };
  return end.type === 'finished' ? { strategy: started.plan.strategy, status: end.status, reason: end.reason } : { strategy: started.plan.strategy, status: 'failed', reason: end.reason };
}

/** Requests one version of a service answered, as the mesh counts them: `total` since it started, or the last minute. */
export function answered(state: StackState, service: string, version: string, traffic: 'primary' | 'mirror', over: 'total' | 'window', what: 'requests' | 'errors' = 'requests'): number {
  return state.mesh.destinations.filter((d) => d.service === service && d.version === version && d.traffic === traffic).reduce((sum, d) => sum + d[over][what], 0);
}
