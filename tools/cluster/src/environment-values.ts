/** The shared platform release (charts/courier with every service switched off) and its namespace. */
export const PLATFORM_RELEASE = 'courier';
export const APP_NAMESPACE = 'courier';
/** What every service release takes on kind: local images, traces to the in-cluster Jaeger. */
export const KIND_SERVICE_VALUES = 'k8s/kind/services.values.yaml';

/**
 * A values file under k8s/ for one of Courier's own charts (the upstream charts' files are in
 * upstream-charts.ts). Services are separate Helm releases, so a file configures either the
 * platform release, one service's release, or every service's release.
 */
export interface CourierValuesFile {
  readonly valuesFile: string;
  readonly environment: 'kind' | 'aks';
  /** `courier` (the platform release), a service name, or EVERY_SERVICE. */
  readonly appliesTo: string;
  /** Only for this data-plane mode (`courier-cluster up --mode`); without it, for every mode. */
  readonly mode?: MeshMode;
}

/** The data plane: Istio sidecars, or ambient (ztunnel and a waypoint). */
export type MeshMode = 'sidecar' | 'ambient';
export const MESH_MODES: readonly MeshMode[] = ['sidecar', 'ambient'];

export const EVERY_SERVICE = '*';

export const COURIER_VALUES_FILES: readonly CourierValuesFile[] = [
  { valuesFile: KIND_SERVICE_VALUES, environment: 'kind', appliesTo: EVERY_SERVICE },
  // kind's gateway is on your own machine: it routes the control room too.
  { valuesFile: 'k8s/kind/web.values.yaml', environment: 'kind', appliesTo: 'web' },
  // Ambient mode: HTTPRoutes for the waypoint, and the platform release deploys that waypoint.
  { valuesFile: 'k8s/kind/ambient/services.values.yaml', environment: 'kind', appliesTo: EVERY_SERVICE, mode: 'ambient' },
  { valuesFile: 'k8s/kind/ambient/courier.values.yaml', environment: 'kind', appliesTo: PLATFORM_RELEASE, mode: 'ambient' },
  { valuesFile: 'k8s/aks/services.values.yaml', environment: 'aks', appliesTo: EVERY_SERVICE },
  // Only with the AKS Istio add-on: its ingress gateway is web's public caller.
  { valuesFile: 'k8s/aks/web.values.yaml', environment: 'aks', appliesTo: 'web' },
  { valuesFile: 'k8s/aks/courier.values.yaml', environment: 'aks', appliesTo: PLATFORM_RELEASE },
];

/** The files, in order, that `helm upgrade --install <release>` takes in an environment and mode. */
export function valuesFilesFor(environment: CourierValuesFile['environment'], release: string, mode: MeshMode = 'sidecar'): string[] {
  return COURIER_VALUES_FILES
    .filter((file) => file.environment === environment && (file.mode === undefined || file.mode === mode))
    .filter((file) => file.appliesTo === release || (file.appliesTo === EVERY_SERVICE && release !== PLATFORM_RELEASE))
    .map((file) => file.valuesFile);
}
