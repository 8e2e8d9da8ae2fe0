import type { KubeObject } from '../../../charts/src/kube-object';
import { applyObject, deleteObject, keyOf, settleDeployments } from './apply-objects';
import type { ClusterCore } from './cluster-core';
import { draftOf, inAmbientMesh, injectsSidecars, namespacedKey, type StateDraft } from './cluster-state';
import { chartLabel, type Release, type Revision } from './release-history';

/** The simulator's record of a release in a state (what `helm list` shows). */
export function summarise(draft: StateDraft, release: Release): void {
  const key = namespacedKey(release.namespace, release.name);
  const last = release.revisions.at(-1);
  if (!last) delete draft.releases[key];
  else draft.releases[key] = { namespace: release.namespace, name: release.name, revision: last.revision, status: last.status, chart: chartLabel(last) };
}

export const deploymentKeys = (objects: readonly KubeObject[], namespace: string) =>
  objects.filter((object) => object.kind === 'Deployment').map((object) => namespacedKey(object.metadata.namespace ?? namespace, object.metadata.name));

/**
 * Makes a revision's objects the live ones: objects of `previous` that the revision no longer has
 * are deleted, the rest created or replaced, in one state (one `kubectl apply` of the manifest).
 */
export function applyRevision(core: ClusterCore, command: string, release: Release, revision: Revision, previous: readonly KubeObject[]): void {
  const kept = new Set(revision.objects.map((object) => keyOf(object, release.namespace)));
  core.commit(command, `release ${release.namespace}/${release.name} revision ${revision.revision} (${chartLabel(revision)}) applied`, (draft) => {
    for (const object of previous) {
      const key = keyOf(object, release.namespace);
      if (!kept.has(key)) deleteObject(draft, key);
    }
    for (const object of revision.objects) applyObject(draft, object, release.namespace);
    summarise(draft, release);
  });
  const namespace = core.current.namespaces[release.namespace];
  if (!injectsSidecars(namespace) && !inAmbientMesh(namespace) && revision.objects.some((object) => object.kind === 'Deployment')) {
    core.violation(command, 'no-sidecar-injection', `routing not exercised: namespace ${release.namespace} has no sidecar injection (label istio-injection=enabled or istio.io/rev) and is not in the ambient mesh (istio.io/dataplane-mode=ambient), so ${release.name}'s requests pass no Istio proxy`);
  }
}

/** `--wait`: the release's Deployments settle in a further state; returns why any cannot. */
export function waitForRevision(core: ClusterCore, command: string, release: Release, revision: Revision): string[] {
  return settleInNewState(core, command, `waited for ${release.namespace}/${release.name} revision ${revision.revision}`, deploymentKeys(revision.objects, release.namespace));
}

/**
 * Settles Deployments (see settleDeployments) and records the result as a new state, only when a
 * Deployment changed. Returns why the ones that cannot become ready cannot.
 */
export function settleInNewState(core: ClusterCore, command: string, what: string, keys: readonly string[]): string[] {
  const trial = draftOf(core.current);
  const stuck = settleDeployments(trial, keys).map((entry) => entry.reason);
  if (keys.some((key) => trial.deployments[key] !== core.current.deployments[key])) {
    core.commit(command, what, (draft) => void settleDeployments(draft, keys));
  }
  return stuck;
}
