import type { KubeObject } from '../../../charts/src/kube-object';
import { type DeploymentState, injectsSidecars, namespacedKey, objectKey, type StateDraft } from './cluster-state';
import { optsOutOfSidecar, podShape, samePodShape } from './pod-shape';
import { ANSWERS_ANNOTATION } from './port-forward';
import { GATEWAY_NAME_LABEL } from './route-model';

/** Kinds without a namespace; everything else lands in the object's or the command's namespace. */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition']);

export const namespaceOf = (object: KubeObject, fallback: string) => (CLUSTER_SCOPED.has(object.kind) ? '' : object.metadata.namespace ?? fallback);

export const keyOf = (object: KubeObject, fallback: string) => objectKey(namespaceOf(object, fallback), object.kind, object.metadata.name);

export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

/**
 * Creates or replaces one object. A Deployment that is new starts with no ready pod; one whose pod
 * template changed keeps serving with its old pods (RollingUpdate with maxUnavailable 0) until it is
 * settled. A Namespace's labels are what the object says.
 */
export function applyObject(draft: StateDraft, object: KubeObject, defaultNamespace: string): ApplyOutcome {
  const namespace = namespaceOf(object, defaultNamespace);
  const placed: KubeObject = CLUSTER_SCOPED.has(object.kind) ? object : { ...object, metadata: { ...object.metadata, namespace } };
  const key = keyOf(placed, namespace);
  const previous = draft.objects[key];
  if (previous && JSON.stringify(previous) === JSON.stringify(placed)) return 'unchanged';
  draft.objects[key] = placed;
  if (object.kind === 'Namespace') draft.namespaces[object.metadata.name] = { ...(object.metadata.labels ?? {}) };
  if (object.kind === 'Deployment') upsertDeployment(draft, placed, namespace);
  const provisioned = gatewayService(placed);
  if (provisioned) draft.objects[keyOf(provisioned, namespace)] = provisioned;
  return previous ? 'configured' : 'created';
}

/**
 * Istio's answer to a Gateway API Gateway of class `istio`: it deploys a gateway for it, whose
 * Service is `<gateway>-istio` in the Gateway's namespace, labelled with the Gateway's name. The
 * simulator keeps only that Service, which answers port-forwards by the Gateway's HTTPRoutes.
 */
function gatewayService(object: KubeObject): KubeObject | undefined {
  if (object.kind !== 'Gateway' || !object.apiVersion.startsWith('gateway.networking.k8s.io/') || object.spec?.gatewayClassName !== 'istio') return undefined;
  const listeners = (object.spec?.listeners ?? []) as { name: string; port: number }[];
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: `${object.metadata.name}-istio`,
      namespace: object.metadata.namespace,
      labels: { [GATEWAY_NAME_LABEL]: object.metadata.name },
      annotations: { [ANSWERS_ANNOTATION]: 'ingress-gateway' },
    },
    spec: { ports: listeners.map((listener) => ({ name: listener.name, port: listener.port, targetPort: listener.port })) },
  };
}

function upsertDeployment(draft: StateDraft, object: KubeObject, namespace: string): void {
  const key = namespacedKey(namespace, object.metadata.name);
  const template = podShape(object);
  const sidecar = injectsSidecars(draft.namespaces[namespace]) && !optsOutOfSidecar(object);
  const previous = draft.deployments[key];
  if (previous && samePodShape(previous.template, template) && previous.sidecar === sidecar) return;
  draft.deployments[key] = previous
    ? { ...previous, template, sidecar }
    : { namespace, name: object.metadata.name, template, ready: false, sidecar };
}

/** Deletes one object; deleting a Namespace deletes everything in it, as the namespace controller does. */
export function deleteObject(draft: StateDraft, key: string): boolean {
  const object = draft.objects[key];
  const namespaceName = key.startsWith('/Namespace/') ? key.slice('/Namespace/'.length) : undefined;
  if (namespaceName !== undefined) {
    const existed = object !== undefined || draft.namespaces[namespaceName] !== undefined;
    delete draft.objects[key];
    delete draft.namespaces[namespaceName];
    for (const other of Object.keys(draft.objects)) if (other.startsWith(`${namespaceName}/`)) delete draft.objects[other];
    for (const other of Object.keys(draft.deployments)) if (other.startsWith(`${namespaceName}/`)) delete draft.deployments[other];
    return existed;
  }
  if (!object) return false;
  delete draft.objects[key];
  if (object.kind === 'Deployment') delete draft.deployments[namespacedKey(object.metadata.namespace ?? '', object.metadata.name)];
  const provisioned = gatewayService(object);
  if (provisioned) delete draft.objects[keyOf(provisioned, object.metadata.namespace ?? '')];
  return true;
}

/** Secrets a pod needs that its namespace does not have: such a pod never starts. */
export const missingSecrets = (draft: Pick<StateDraft, 'objects'>, namespace: string, secrets: readonly string[]) =>
  secrets.filter((secret) => !draft.objects[objectKey(namespace, 'Secret', secret)]);

/**
 * Waits for Deployments as `kubectl rollout status` or `helm --wait` would, in no time: each whose
 * pods can start runs its template and is ready. Returns the ones that cannot become ready, with why.
 */
export function settleDeployments(draft: StateDraft, keys: readonly string[]): { key: string; reason: string }[] {
  const stuck: { key: string; reason: string }[] = [];
  for (const key of keys) {
    const deployment: DeploymentState | undefined = draft.deployments[key];
    if (!deployment) continue;
    const missing = missingSecrets(draft, deployment.namespace, deployment.template.secrets);
    if (missing.length > 0) {
      stuck.push({ key, reason: `pods of deployment ${deployment.name} cannot start: secret ${missing.map((name) => `"${name}"`).join(', ')} not found in namespace ${deployment.namespace}` });
      continue;
    }
    if (deployment.ready && deployment.running && samePodShape(deployment.running, deployment.template)) continue;
    draft.deployments[key] = { ...deployment, ready: true, running: deployment.template };
  }
  return stuck;
}
