/**
 * The Kubernetes Pod Security Standards, "restricted" profile (which includes "baseline"), as the
 * PodSecurity admission controller applies it to a pod template when its namespace is labelled
 * `pod-security.kubernetes.io/enforce: restricted`. Each check follows the policy table of
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/ (Kubernetes v1.33, "latest").
 * Windows-only fields (hostProcess) are checked too: a pod is refused for them on any node.
 */

interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string };
  appArmorProfile?: { type?: string };
  seLinuxOptions?: { type?: string; user?: string; role?: string };
  procMount?: string;
  windowsOptions?: { hostProcess?: boolean };
}

interface Container {
  name: string;
  ports?: { hostPort?: number }[];
  securityContext?: SecurityContext;
}

export interface PodSpecForAdmission {
  containers: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  volumes?: Record<string, unknown>[];
  securityContext?: SecurityContext & { sysctls?: { name: string }[] };
}

/** Volume sources "restricted" allows: everything else (hostPath included) is refused. */
const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
/** The sysctls "baseline" calls safe (namespaced, isolated from the node). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const ALLOWED_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);

/** Every reason the restricted profile refuses this pod; empty when it is admitted. */
export function restrictedViolations(pod: PodSpecForAdmission): string[] {
  const problems: string[] = [];
  const podContext = pod.securityContext ?? {};
  const containers = [...(pod.initContainers ?? []), ...pod.containers, ...(pod.ephemeralContainers ?? [])];

  // baseline
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) if (pod[field]) problems.push(`pod: ${field} is true`);
  if (podContext.windowsOptions?.hostProcess) problems.push('pod: windowsOptions.hostProcess is true');
  for (const volume of pod.volumes ?? []) {
    const source = Object.keys(volume).find((key) => key !== 'name');
    if (source && !RESTRICTED_VOLUME_TYPES.has(source)) problems.push(`volume ${String(volume.name)}: type ${source} is not allowed`);
  }
  for (const sysctl of podContext.sysctls ?? []) if (!SAFE_SYSCTLS.has(sysctl.name)) problems.push(`pod: sysctl ${sysctl.name} is not a safe sysctl`);
  checkContextBaseline('pod', podContext, problems);
  if (podContext.seccompProfile?.type !== undefined && !ALLOWED_SECCOMP.has(podContext.seccompProfile.type)) problems.push(`pod: seccompProfile.type ${podContext.seccompProfile.type}`);

  for (const container of containers) {
    const where = `container ${container.name}`;
    const context = container.securityContext ?? {};
    if (context.privileged) problems.push(`${where}: privileged`);
    if (context.windowsOptions?.hostProcess) problems.push(`${where}: windowsOptions.hostProcess is true`);
    if (context.procMount !== undefined && context.procMount !== 'Default') problems.push(`${where}: procMount ${context.procMount}`);
    for (const port of container.ports ?? []) if (port.hostPort) problems.push(`${where}: hostPort ${port.hostPort}`);
    checkContextBaseline(where, context, problems);

    // restricted
    if (context.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
    if (!(context.runAsNonRoot ?? podContext.runAsNonRoot)) problems.push(`${where}: runAsNonRoot is not true (on the container or the pod)`);
    if ((context.runAsUser ?? podContext.runAsUser) === 0) problems.push(`${where}: runAsUser is 0`);
    const seccomp = context.seccompProfile?.type ?? podContext.seccompProfile?.type;
    if (!seccomp || !ALLOWED_SECCOMP.has(seccomp)) problems.push(`${where}: seccompProfile.type is ${seccomp ?? 'unset'} (RuntimeDefault or Localhost, on the container or the pod)`);
    if (!context.capabilities?.drop?.includes('ALL')) problems.push(`${where}: capabilities.drop does not include ALL`);
    for (const added of context.capabilities?.add ?? []) if (added !== 'NET_BIND_SERVICE') problems.push(`${where}: adds capability ${added}`);
  }
  return problems;
}

/** What baseline checks on both the pod's and each container's securityContext. */
function checkContextBaseline(where: string, context: SecurityContext, problems: string[]): void {
  const appArmor = context.appArmorProfile?.type;
  if (appArmor !== undefined && appArmor !== 'RuntimeDefault' && appArmor !== 'Localhost') problems.push(`${where}: appArmorProfile.type ${appArmor}`);
  const selinux = context.seLinuxOptions;
  if (selinux?.type !== undefined && !SELINUX_TYPES.has(selinux.type)) problems.push(`${where}: seLinuxOptions.type ${selinux.type}`);
  if (selinux?.user || selinux?.role) problems.push(`${where}: seLinuxOptions sets a user or role`);
  if (where !== 'pod' && context.seccompProfile?.type === 'Unconfined') problems.push(`${where}: seccompProfile.type Unconfined`);
}
