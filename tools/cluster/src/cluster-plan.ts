import { CHART_REPOSITORIES, PINNED_VERSIONS } from './pinned-versions';
import { type PlannedStep } from './planned-step';

export interface PlanTarget {
  readonly clusterName: string;
  readonly imageTag: string;
  /** The services built, loaded and installed (workspaceServices: the umbrella chart's). */
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

interface RemoteChart {
  readonly release: string;
  readonly chart: string;
  readonly repository: string;
  readonly version: string;
  readonly namespace: string;
  readonly valuesFile: string;
}

/** `--repo` with a pinned `--version` installs without touching the user's `helm repo` list. */
function installRemoteChart(target: PlanTarget, chart: RemoteChart, title: string): PlannedStep {
  return {
    title,
    command: helm(target, 'upgrade', '--install', chart.release, chart.chart,
      '--repo', chart.repository, '--version', chart.version,
      '--namespace', chart.namespace, '-f', chart.valuesFile, '--wait', '--timeout', '5m'),
  };
}

export function clusterUpPlan(target: PlanTarget): PlannedStep[] {
  const istio = (release: string, chart: string, namespace: string, valuesFile: string): RemoteChart =>
    ({ release, chart, repository: CHART_REPOSITORIES.istio, version: PINNED_VERSIONS.istio, namespace, valuesFile });
  const image = (service: string) => `courier/${service}:${target.imageTag}`;
  return [
    {
      title: `Create the kind cluster "${target.clusterName}"`,
      command: ['kind', 'create', 'cluster', '--name', target.clusterName, '--config', 'k8s/kind/cluster.yaml', '--wait', '120s'],
      skipWhen: { command: ['kind', 'get', 'kubeconfig', '--name', target.clusterName], meaning: `the kind cluster "${target.clusterName}" exists` },
    },
    { title: 'Create the namespaces (sidecar injection on for courier)', command: kubectl(target, 'apply', '-f', 'k8s/istio/namespaces.yaml') },
    installRemoteChart(target, istio('istio-base', 'base', 'istio-system', 'k8s/istio/base.values.yaml'), 'Install Istio CRDs (istio/base)'),
    installRemoteChart(target, istio('istiod', 'istiod', 'istio-system', 'k8s/istio/istiod.values.yaml'), 'Install the Istio control plane (istio/istiod)'),
    installRemoteChart(target, istio('istio-ingressgateway', 'gateway', 'istio-ingress', 'k8s/istio/gateway.values.yaml'), 'Install the Istio ingress gateway (istio/gateway)'),
    { title: 'Enable mesh-wide tracing to Jaeger', command: kubectl(target, 'apply', '-f', 'k8s/istio/telemetry.yaml') },
    { title: 'Label request metrics with the pod\'s track (destination_track)', command: kubectl(target, 'apply', '-f', 'k8s/istio/track-label.yaml') },
    installRemoteChart(target, { release: 'prometheus', chart: 'prometheus', repository: CHART_REPOSITORIES.prometheus, version: PINNED_VERSIONS.prometheusChart, namespace: 'observability', valuesFile: 'k8s/observability/prometheus.values.yaml' }, 'Install Prometheus'),
    { title: 'Load the Grafana dashboards (dashboards as code)', command: kubectl(target, 'apply', '-k', 'k8s/observability') },
    installRemoteChart(target, { release: 'grafana', chart: 'grafana', repository: CHART_REPOSITORIES.grafana, version: PINNED_VERSIONS.grafanaChart, namespace: 'observability', valuesFile: 'k8s/observability/grafana.values.yaml' }, 'Install Grafana'),
    installRemoteChart(target, { release: 'jaeger', chart: 'jaeger', repository: CHART_REPOSITORIES.jaeger, version: PINNED_VERSIONS.jaegerChart, namespace: 'observability', valuesFile: 'k8s/observability/jaeger.values.yaml' }, 'Install Jaeger'),
    installRemoteChart(target, { release: 'kiali', chart: 'kiali-server', repository: CHART_REPOSITORIES.kiali, version: PINNED_VERSIONS.kialiChart, namespace: 'istio-system', valuesFile: 'k8s/observability/kiali.values.yaml' }, 'Install Kiali'),
    { title: 'Start the demo PostgreSQL and the database Secret', command: kubectl(target, 'apply', '-k', 'k8s/postgres') },
    { title: 'Wait for PostgreSQL', command: kubectl(target, '--namespace', 'courier-data', 'rollout', 'status', 'statefulset/postgres', '--timeout', '180s') },
    ...target.services.map((service): PlannedStep => ({
      title: `Build the ${service} image`,
      command: ['docker', 'build', '--file', `services/${service}/Dockerfile`, '--target', 'final', '--tag', image(service), '.'],
    })),
    ...target.services.map((service): PlannedStep => ({
      title: `Load the ${service} image into the cluster`,
      command: ['kind', 'load', 'docker-image', image(service), '--name', target.clusterName],
    })),
    // The service charts vendor the library, then the umbrella vendors the service charts.
    ...[...target.services, 'courier'].map((chart): PlannedStep => ({
      title: `Vendor the dependencies of charts/${chart}`,
      command: ['helm', 'dependency', 'build', `charts/${chart}`, '--skip-refresh'],
    })),
    {
      title: 'Install Courier (migrations run first, as a pre-install hook)',
      command: helm(target, 'upgrade', '--install', 'courier', 'charts/courier', '--namespace', 'courier',
        '-f', 'k8s/kind/courier.values.yaml',
        ...target.services.flatMap((service) => ['--set-string', `${service}.image.tag=${target.imageTag}`]),
        '--wait', '--timeout', '10m'),
    },
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
  ['Jaeger', 'kubectl --context kind-courier -n observability port-forward svc/jaeger-query 16686'],
] as const;
