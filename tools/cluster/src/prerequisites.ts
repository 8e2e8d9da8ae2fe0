import { type ClusterAction } from './cluster-options';
import { PINNED_VERSIONS } from './pinned-versions';
import { type PlannedStep } from './planned-step';

export const INSTALL_HINTS: Record<string, string> = {
  docker: 'https://docs.docker.com/get-docker/',
  kind: `https://kind.sigs.k8s.io/docs/user/quick-start/#installation (${PINNED_VERSIONS.kind}: the pinned node image is built for it)`,
  helm: 'https://helm.sh/docs/intro/install/ (or `npm install`: the workspace bundles one)',
  kubectl: 'https://kubernetes.io/docs/tasks/tools/ (or `npm install`: the workspace bundles one)',
};

const REQUIRED: Record<ClusterAction, readonly string[]> = {
  up: ['docker', 'kind', 'helm', 'kubectl'],
  down: ['kind'],
  status: ['kind', 'helm', 'kubectl'],
};

export function prerequisitesOf(action: ClusterAction): readonly string[] {
  return REQUIRED[action];
}

/** The programs a plan runs, so a test can prove the prerequisite list covers them. */
export function programsOf(plan: readonly PlannedStep[]): string[] {
  return [...new Set(plan.flatMap((step) => [step.command[0], ...(step.skipWhen ? [step.skipWhen.command[0]] : [])]))];
}

export function missingPrerequisitesMessage(missing: readonly string[]): string {
  const lines = missing.map((name) => `  - ${name}: ${INSTALL_HINTS[name] ?? 'install it and put it on PATH'}`);
  return `Missing prerequisites: ${missing.join(', ')}\n${lines.join('\n')}`;
}
