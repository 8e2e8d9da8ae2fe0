import type { ClusterCore } from './cluster-core';
import { inAmbientMesh, namespacedKey } from './cluster-state';
import { type CommandLine, lastValue } from './command-line';
import { notFound, resourceType } from './kubectl-resources';
import { resolveHost } from './mesh-routing';
import { fail, type ToolReply } from './tool-call';

/**
 * `kubectl exec -n NS deploy/CALLER -c CONTAINER -- node -e SCRIPT URL HEADER VALUE RPS SECONDS`:
 * the rollout engine's probe loop, run from a caller's pod. While the reply's hold is open, the
 * requests count for the header route they match. They leave through the caller's sidecar (or, in
 * an ambient namespace, reach the waypoint), so from a pod with neither no route applies and no
 * header route sees them.
 */
export function kubectlExec(core: ClusterCore, command: string, line: CommandLine, namespace: string): ToolReply {
  const [, target] = line.positionals;
  const [typeName, name] = target?.includes('/') ? target.split('/') : ['pod', target];
  if (resourceType(typeName ?? '')?.kind !== 'Deployment' || !name) return fail('error: the cluster simulator execs into deploy/NAME only');
  const deployment = core.current.deployments[namespacedKey(namespace, name)];
  if (!deployment) return fail(notFound(resourceType('deployment')!, name));
  const container = lastValue(line, 'container') ?? deployment.template.containers[0];
  if (!deployment.ready || !deployment.running || !deployment.running.containers.includes(container)) {
    return fail(`error: unable to upgrade connection: container not found ("${container}")`);
  }
  const [program, flag, , url, header, value] = line.rest;
  if (program !== 'node' || flag !== '-e' || !url || !header || value === undefined) {
    return fail('error: the cluster simulator runs the probe loop only: -- node -e SCRIPT URL HEADER VALUE RPS SECONDS');
  }
  let host: string;
  let path: string;
  try {
    ({ hostname: host, pathname: path } = new URL(url));
  } catch {
    return fail(`probe: invalid URL ${url}`);
  }
  const owner = core.nextProbeId();
  // Ambient: the caller's ztunnel sends requests for a Service through the waypoint, which routes them.
  if (deployment.sidecar || inAmbientMesh(core.current.namespaces[namespace])) {
    const service = resolveHost(host, namespace);
    core.startProbe(command, { owner, via: 'mesh', namespace: service.namespace, host: service.name, header: header.toLowerCase(), value, path });
  }
  const hold = core.track(async () => core.endProbes(command, owner));
  return { code: 0, stdout: '', stderr: '', hold };
}
