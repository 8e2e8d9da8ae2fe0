import { APP_NAMESPACE, PLATFORM_RELEASE, valuesFilesFor } from './environment-values';
import { type PlannedStep } from './planned-step';
import { UPSTREAM_CHARTS, type UpstreamChart } from './upstream-charts';

export interface PlanTarget {
  readonly clusterName: string;
  /** The version built, loaded and installed: image tag and stable track version (kind-version.ts). */
  readonly imageTag: string;
  /** The services built, loaded and installed, one release each (workspaceServices: the platform chart's list). */
  readonly services: readonly string[];
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
      '--namespace', chart.namespace, '-f', chart.valuesFile, '--wait', '--timeout', '5m'),
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
      ...valuesFilesFor('kind', service).flatMap((file) => ['-f', file]),
      '--set-string', `image.tag=${target.imageTag}`, '--set-string', `tracks.stable.version=${target.imageTag}`,
      '--wait', '--timeout', '10m'),
  };
}

export function clusterUpPlan(target: PlanTarget): PlannedStep[] {
  const image = (service: string) => `courier/${service}:${target.imageTag}`;
  return [
    {
      title: `Create the kind cluster "${target.clusterName}"`,
      command: ['kind', 'create', 'cluster', '--name', target.clusterName, '--config', 'k8s/kind/cluster.yaml', '--wait', '120s'],
      skipWhen: { command: ['kind', 'get', 'kubeconfig', '--name', target.clusterName], meaning: `the kind cluster "${target.clusterName}" exists` },
    },
    { title: 'Create the namespaces (sidecar injection on for courier)', command: kubectl(target, 'apply', '-f', 'k8s/istio/namespaces.yaml') },
    installRemoteChart(target, UPSTREAM_CHARTS.istioBase, 'Install Istio CRDs (istio/base)'),
    installRemoteChart(target, UPSTREAM_CHARTS.istiod, 'Install the Istio control plane (istio/istiod)'),
    installRemoteChart(target, UPSTREAM_CHARTS.ingressGateway, 'Install the Istio ingress gateway (istio/gateway)'),
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
        ...valuesFilesFor('kind', PLATFORM_RELEASE).flatMap((file) => ['-f', file]), '--wait', '--timeout', '5m'),
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
    { title: 'Courier routing (Istio)', command: kubectl(target, '--namespace', 'courier', 'get', 'gateways,virtualservices,destinationrules') },
  ];
}

/** What a person opens once `up` is done (ports from k8s/kind/cluster.yaml). */
export const CLUSTER_ENDPOINTS = [
  ['Courier (web, through the Istio ingress gateway)', 'http://localhost:8080'],
  ['Grafana (dashboards "Courier - ...")', 'http://localhost:3000'],
  ['Kiali (service graph)', 'http://localhost:20001'],
  ['Prometheus', 'http://localhost:9090'],
  ['Jaeger', 'kubectl --context kind-courier -n observability port-forward svc/jaeger 16686'],
] as const;
