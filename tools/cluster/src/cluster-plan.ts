import { APP_NAMESPACE, type MeshMode, PLATFORM_RELEASE, valuesFilesFor } from './environment-values';
import { type PlannedStep } from './planned-step';
import { PINNED_VERSIONS } from './pinned-versions';
import { UPSTREAM_CHARTS, type UpstreamChart } from './upstream-charts';

export interface PlanTarget {
  readonly clusterName: string;
  /** The version built, loaded and installed: image tag and stable track version (kind-version.ts). */
  readonly imageTag: string;
  /** The services built, loaded and installed, one release each (workspaceServices: the platform chart's list). */
  readonly services: readonly string[];
  /** The data plane (default sidecar): ambient installs istio-cni and ztunnel, and routes with the Gateway API. */
  readonly mode?: MeshMode;
}

/** What the plans that touch an existing cluster (down, status, kubectl and helm calls) need. */
export type ClusterRef = Pick<PlanTarget, 'clusterName'>;

const contextOf = (target: ClusterRef) => `kind-${target.clusterName}`;

function kubectl(target: ClusterRef, ...args: string[]): string[] {
  return ['kubectl', '--context', contextOf(target), ...args];
}

function helm(target: ClusterRef, ...args: string[]): string[] {
  return ['helm', '--kube-context', contextOf(target), ...args];
}

/** `--repo` with a pinned `--version` installs without touching the user's `helm repo` list. */
function installRemoteChart(target: PlanTarget, chart: UpstreamChart, title: string): PlannedStep {
  return {
    title,
    command: helm(target, 'upgrade', '--install', chart.release, chart.chart,
      '--repo', chart.repository, '--version', chart.version,
      '--namespace', chart.namespace, '-f', chart.valuesFile, ...(chart.profile ? ['--set', `profile=${chart.profile}`] : []), '--wait', '--timeout', '5m'),
  };
}

/**
 * One Helm release per service, named after it, as the pipelines own them on AKS: the rollout engine
 * upgrades exactly this release. The image tag and the stable track's version are one string
 * (kind-version.ts), so what `up` installs is what `courier rollout --target kubernetes` reads.
 */
function installService(target: PlanTarget, service: string): PlannedStep {
  return {
    title: `Install the ${service} release (a database migration, if the chart has one, runs first as a pre-install hook)`,
    command: helm(target, 'upgrade', '--install', service, `charts/${service}`, '--namespace', APP_NAMESPACE,
      ...valuesFilesFor('kind', service, target.mode).flatMap((file) => ['-f', file]),
      '--set-string', `image.tag=${target.imageTag}`, '--set-string', `tracks.stable.version=${target.imageTag}`,
      '--wait', '--timeout', '10m'),
  };
}

/**
 * Istio with sidecars: injection in the app namespace, Istio's own ingress gateway, and the CNI node
 * agent in place of the privileged istio-init container, so courier enforces Pod Security "restricted".
 */
function sidecarMeshSteps(target: PlanTarget): PlannedStep[] {
  return [
    { title: 'Create the namespaces (sidecar injection on for courier, which enforces Pod Security "restricted")', command: kubectl(target, 'apply', '-f', 'k8s/istio/namespaces.yaml') },
    installRemoteChart(target, UPSTREAM_CHARTS.istioBase, 'Install Istio CRDs (istio/base)'),
    installRemoteChart(target, UPSTREAM_CHARTS.istiod, 'Install the Istio control plane (istio/istiod)'),
    installRemoteChart(target, UPSTREAM_CHARTS.istioCni, 'Install the Istio CNI node agent (istio/cni), which replaces the privileged istio-init container'),
    installRemoteChart(target, UPSTREAM_CHARTS.ingressGateway, 'Install the Istio ingress gateway (istio/gateway)'),
  ];
}

/**
 * Istio's ambient profile: the Gateway API CRDs (waypoints and the public Gateway are Gateway API
 * Gateways, which Istio deploys itself, so no istio/gateway chart), istiod with the ambient profile,
 * the CNI node agent and ztunnel. The app namespace joins the ambient mesh and enforces Pod Security
 * "restricted" (k8s/istio/ambient/namespaces.yaml).
 */
function ambientMeshSteps(target: PlanTarget): PlannedStep[] {
  return [
    { title: `Install the Gateway API CRDs (v${PINNED_VERSIONS.gatewayApi}, standard channel)`, command: kubectl(target, 'apply', '--server-side', '-f', GATEWAY_API_CRDS_URL) },
    { title: 'Create the namespaces (courier joins the ambient mesh and enforces Pod Security "restricted")', command: kubectl(target, 'apply', '-f', 'k8s/istio/ambient/namespaces.yaml') },
    installRemoteChart(target, UPSTREAM_CHARTS.istioBase, 'Install Istio CRDs (istio/base)'),
    installRemoteChart(target, UPSTREAM_CHARTS.istiodAmbient, 'Install the Istio control plane with the ambient profile (istio/istiod)'),
    installRemoteChart(target, UPSTREAM_CHARTS.istioCniAmbient, 'Install the Istio CNI node agent (istio/cni)'),
    installRemoteChart(target, UPSTREAM_CHARTS.ztunnel, 'Install ztunnel, the per-node L4 proxy (istio/ztunnel)'),
  ];
}

/** The Gateway API's own release artefact for the pinned version. */
export const GATEWAY_API_CRDS_URL = `https://github.com/kubernetes-sigs/gateway-api/releases/download/v${PINNED_VERSIONS.gatewayApi}/standard-install.yaml`;

export function clusterUpPlan(target: PlanTarget): PlannedStep[] {
  const image = (service: string) => `courier/${service}:${target.imageTag}`;
  return [
    {
      title: `Create the kind cluster "${target.clusterName}"`,
      command: ['kind', 'create', 'cluster', '--name', target.clusterName, '--config', 'k8s/kind/cluster.yaml', '--wait', '120s'],
      skipWhen: { command: ['kind', 'get', 'kubeconfig', '--name', target.clusterName], meaning: `the kind cluster "${target.clusterName}" exists` },
    },
    ...(target.mode === 'ambient' ? ambientMeshSteps(target) : sidecarMeshSteps(target)),
    { title: 'Enable mesh-wide tracing to Jaeger', command: kubectl(target, 'apply', '-f', 'k8s/istio/telemetry.yaml') },
    { title: 'Label request metrics with the pod\'s track (destination_track)', command: kubectl(target, 'apply', '-f', 'k8s/istio/track-label.yaml') },
    installRemoteChart(target, UPSTREAM_CHARTS.prometheus, 'Install Prometheus'),
    { title: 'Load the Grafana dashboards (dashboards as code)', command: kubectl(target, 'apply', '-k', 'k8s/observability') },
    installRemoteChart(target, UPSTREAM_CHARTS.grafana, 'Install Grafana'),
    installRemoteChart(target, UPSTREAM_CHARTS.jaeger, 'Install Jaeger'),
    installRemoteChart(target, UPSTREAM_CHARTS.kiali, 'Install Kiali'),
    installRemoteChart(target, UPSTREAM_CHARTS.metricsServer, 'Install metrics-server (the CPU metrics the HorizontalPodAutoscalers read)'),
    { title: 'Start the demo PostgreSQL and the database Secret', command: kubectl(target, 'apply', '-k', 'k8s/postgres') },
    { title: 'Wait for PostgreSQL', command: kubectl(target, '--namespace', 'courier-data', 'rollout', 'status', 'statefulset/postgres', '--timeout', '180s') },
    ...target.services.map((service): PlannedStep => ({
      title: `Build the ${service} image`,
      command: ['docker', 'build', '--file', 'services/Dockerfile', '--build-arg', `SERVICE=${service}`, '--target', 'final', '--tag', image(service), '.'],
    })),
    ...target.services.map((service): PlannedStep => ({
      title: `Load the ${service} image into the cluster`,
      command: ['kind', 'load', 'docker-image', image(service), '--name', target.clusterName],
    })),
    // The service charts vendor the library; the platform chart lists the service charts (switched
    // off), and Helm wants every dependency vendored even when its condition is false.
    ...[...target.services, PLATFORM_RELEASE].map((chart): PlannedStep => ({
      title: `Vendor the dependencies of charts/${chart}`,
      command: ['helm', 'dependency', 'build', `charts/${chart}`, '--skip-refresh'],
    })),
    {
      title: 'Install the platform release "courier" (Gateway, mTLS, default-deny; no services)',
      command: helm(target, 'upgrade', '--install', PLATFORM_RELEASE, `charts/${PLATFORM_RELEASE}`, '--namespace', APP_NAMESPACE,
        ...valuesFilesFor('kind', PLATFORM_RELEASE, target.mode).flatMap((file) => ['-f', file]), '--wait', '--timeout', '5m'),
    },
    ...target.services.map((service) => installService(target, service)),
  ];
}

export function clusterDownPlan(target: ClusterRef): PlannedStep[] {
  return [{ title: `Delete the kind cluster "${target.clusterName}"`, command: ['kind', 'delete', 'cluster', '--name', target.clusterName] }];
}

export function clusterStatusPlan(target: ClusterRef): PlannedStep[] {
  return [
    { title: 'kind clusters', command: ['kind', 'get', 'clusters'] },
    { title: 'Helm releases', command: helm(target, 'list', '--all-namespaces') },
    { title: 'Pods', command: kubectl(target, 'get', 'pods', '--all-namespaces') },
    { title: 'Courier routing (Istio API)', command: kubectl(target, '--namespace', 'courier', 'get', 'gateways.networking.istio.io,virtualservices,destinationrules') },
    { title: 'Courier routing (Gateway API: the public Gateway, the waypoint, the HTTPRoutes)', command: kubectl(target, '--namespace', 'courier', 'get', 'gateways.gateway.networking.k8s.io,httproutes') },
  ];
}

/** What a person opens once `up` is done (ports from k8s/kind/cluster.yaml). */
export function clusterEndpoints(mode: MeshMode = 'sidecar'): (readonly [string, string])[] {
  // kind maps localhost:8080 to the NodePort of Istio's ingress gateway; in ambient mode the public
  // entry is the proxy Istio deploys for the Gateway API Gateway, which kind does not map.
  const courier: readonly [string, string] = mode === 'ambient'
    ? ['Courier (web, through the Gateway API Gateway)', `kubectl --context kind-courier -n ${APP_NAMESPACE} port-forward svc/courier-gateway-istio 8080:80`]
    : ['Courier (web, through the Istio ingress gateway)', 'http://localhost:8080'];
  return [
    courier,
    ['Grafana (dashboards "Courier - ...")', 'http://localhost:3000'],
    ['Kiali (service graph)', 'http://localhost:20001'],
    ['Prometheus', 'http://localhost:9090'],
    ['Jaeger', 'kubectl --context kind-courier -n observability port-forward svc/jaeger 16686'],
  ];
}
