import { type MeshMode, MESH_MODES } from './environment-values';
import { KIND_VERSION } from './kind-version';

export type ClusterAction = 'up' | 'down' | 'status';

export interface ClusterOptions {
  readonly action: ClusterAction;
  readonly dryRun: boolean;
  /** kind cluster name; kubectl and helm always target its context, never the current one. */
  readonly clusterName: string;
  /** Version of the service images built, loaded and installed by `up` (default: v0.0.0-dev.g<commit>). */
  readonly imageTag: string | undefined;
  /** The data plane `up` installs: Istio sidecars (default) or ambient. */
  readonly mode: MeshMode;
}

export const CLUSTER_USAGE = `Usage: courier-cluster <up|down|status> [--dry-run] [--name <kind cluster>] [--tag <image tag>] [--mode sidecar|ambient]

  up        create a kind cluster, install Istio, the observability addons, metrics-server and
            PostgreSQL, build and load the service images, and install the platform release
            "courier" and one release per service
  down      delete the kind cluster
  status    show the cluster's pods, Helm releases and routing objects

  --dry-run   print the exact commands, run nothing
  --name      kind cluster name (default: courier)
  --tag       version to build and deploy, as image tag and the pods' version label
              (default: v0.0.0-dev.g<current git commit>)
  --mode      the data plane up installs: sidecar (default: an Envoy injected into each pod,
              VirtualService routing) or ambient (istio-cni, ztunnel and a waypoint, HTTPRoute
              routing, Pod Security "restricted" enforced in the courier namespace)`;

export class UsageError extends Error {}

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function parseClusterOptions(argv: readonly string[]): ClusterOptions | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  let action: ClusterAction | undefined;
  let dryRun = false;
  let clusterName = 'courier';
  let imageTag: string | undefined;
  let mode: MeshMode = 'sidecar';
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const valueOf = (flag: string): string => {
      const value = argv[++index];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return value;
    };
    if (argument === 'up' || argument === 'down' || argument === 'status') {
      if (action) throw new UsageError(`only one action at a time (got ${action} and ${argument})`);
      action = argument;
    } else if (argument === '--dry-run') dryRun = true;
    else if (argument === '--name') clusterName = valueOf('--name');
    else if (argument === '--tag') imageTag = valueOf('--tag');
    else if (argument === '--mode') {
      const value = valueOf('--mode');
      if (!(MESH_MODES as readonly string[]).includes(value)) throw new UsageError(`--mode must be ${MESH_MODES.join(' or ')} (got ${value})`);
      mode = value as MeshMode;
    }
    else throw new UsageError(`unknown argument: ${argument}`);
  }
  if (!action) throw new UsageError('an action is required: up, down or status');
  if (!CLUSTER_NAME.test(clusterName)) throw new UsageError(`--name must be a DNS label (got ${clusterName})`);
  if (imageTag !== undefined && !KIND_VERSION.test(imageTag)) {
    throw new UsageError(`--tag must be a version such as v1.2.0 or v0.0.0-dev.g1a2b3c4 (lowercase, no "latest"): it is both the image tag and the pods' version label (got ${imageTag})`);
  }
  return { action, dryRun, clusterName, imageTag, mode };
}
