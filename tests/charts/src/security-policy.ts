import { type KubeObject, objectId, ofKind } from './kube-object';

/**
 * The secure-by-default policy for every workload the charts render (DESIGN: "Charts, manifests and
 * pipelines"). Workloads that serve (a container declares a port) also need probes and a
 * PodDisruptionBudget; a pure client like the load generator has neither by design.
 */
interface Container {
  name: string;
  image: string;
  ports?: unknown[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: unknown } }[];
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  livenessProbe?: { httpGet?: { path?: string } };
  readinessProbe?: { httpGet?: { path?: string } };
  securityContext?: {
    runAsNonRoot?: boolean;
    allowPrivilegeEscalation?: boolean;
    privileged?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
    seccompProfile?: { type?: string };
  };
}

interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  automountServiceAccountToken?: boolean;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type?: string } };
}

export interface Workload {
  readonly object: KubeObject;
  readonly podLabels: Record<string, string>;
  readonly pod: PodSpec;
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'Job'];

export function workloadsOf(objects: readonly KubeObject[]): Workload[] {
  return objects.filter((object) => WORKLOAD_KINDS.includes(object.kind)).map((object) => {
    const template = object.spec?.template as { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
    return { object, podLabels: template.metadata?.labels ?? {}, pod: template.spec };
  });
}

const CREDENTIALS_IN_URL = /:\/\/[^/\s:@]+:[^/\s@]+@/;

export function containerViolations(container: Container, pod: PodSpec): string[] {
  const problems: string[] = [];
  const security = container.securityContext ?? {};
  if (!(security.runAsNonRoot ?? pod.securityContext?.runAsNonRoot)) problems.push('does not set runAsNonRoot');
  if (security.allowPrivilegeEscalation !== false) problems.push('does not set allowPrivilegeEscalation: false');
  if (security.privileged) problems.push('is privileged');
  if (security.readOnlyRootFilesystem !== true) problems.push('has a writable root filesystem');
  if (!security.capabilities?.drop?.includes('ALL')) problems.push('does not drop ALL capabilities');
  if (security.capabilities?.add?.length) problems.push(`adds capabilities ${security.capabilities.add.join(', ')}`);
  if ((security.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type) !== 'RuntimeDefault') problems.push('has no RuntimeDefault seccomp profile');
  if (!container.resources?.requests?.cpu || !container.resources?.requests?.memory) problems.push('has no cpu and memory requests');
  if (!container.resources?.limits?.memory) problems.push('has no memory limit');
  const tag = /^(?:.*\/)?[^/:@]+(?::([^@]+))?(?:@sha256:[a-f0-9]{64})?$/.exec(container.image);
  if (!tag || (!tag[1] && !container.image.includes('@sha256:'))) problems.push(`image ${container.image} is not pinned to a tag`);
  else if (tag[1] === 'latest') problems.push(`image ${container.image} uses the floating tag latest`);
  if (container.ports?.length) {
    if (!container.livenessProbe) problems.push('serves a port without a liveness probe');
    if (!container.readinessProbe) problems.push('serves a port without a readiness probe');
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined && CREDENTIALS_IN_URL.test(variable.value)) problems.push(`puts credentials in plain env ${variable.name}`);
    if (variable.name === 'DATABASE_URL' && !variable.valueFrom?.secretKeyRef) problems.push('reads DATABASE_URL from somewhere other than a Secret');
  }
  return problems.map((problem) => `container ${container.name} ${problem}`);
}

export function workloadViolations(workload: Workload, objects: readonly KubeObject[]): string[] {
  const { object, pod } = workload;
  const problems: string[] = [];
  if (pod.automountServiceAccountToken !== false) problems.push('mounts a ServiceAccount token');
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) problems.push('shares a host namespace');
  for (const container of [...(pod.initContainers ?? []), ...pod.containers]) problems.push(...containerViolations(container, pod));
  const serves = pod.containers.some((container) => container.ports?.length);
  if (object.kind === 'Deployment' && serves) {
    if (!object.metadata.annotations?.['kubernetes.io/change-cause']) problems.push('has no kubernetes.io/change-cause annotation');
    if (!hasDisruptionBudget(workload, objects)) problems.push('has no PodDisruptionBudget selecting its pods');
  }
  return problems.map((problem) => `${objectId(object)} ${problem}`);
}

export function hasDisruptionBudget(workload: Workload, objects: readonly KubeObject[]): boolean {
  return ofKind(objects, 'PodDisruptionBudget').some((budget) => {
    const selector = ((budget.spec?.selector as { matchLabels?: Record<string, string> })?.matchLabels ?? {});
    return Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => workload.podLabels[key] === value);
  });
}

export function securityPolicyViolations(objects: readonly KubeObject[]): string[] {
  return workloadsOf(objects).flatMap((workload) => workloadViolations(workload, objects));
}
