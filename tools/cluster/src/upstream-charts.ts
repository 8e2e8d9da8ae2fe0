import { CHART_REPOSITORIES, PINNED_VERSIONS } from './pinned-versions';

/** A third-party chart the cluster installs, with the values file that configures it. */
export interface UpstreamChart {
  readonly release: string;
  /** The chart's name in its repository (and in its packaged file name, `<chart>-<version>.tgz`). */
  readonly chart: string;
  readonly repository: string;
  readonly version: string;
  readonly namespace: string;
  readonly valuesFile: string;
  /**
   * An Istio chart profile (`--set profile=…`, the chart's own files/profile-<name>.yaml under the
   * values file): `ambient` switches istiod to the ambient data plane.
   */
  readonly profile?: string;
}

const istio = (release: string, chart: string, namespace: string, valuesFile: string): UpstreamChart =>
  ({ release, chart, repository: CHART_REPOSITORIES.istio, version: PINNED_VERSIONS.istio, namespace, valuesFile });

/**
 * Which values file configures which upstream chart, at which version, as which release: the one
 * mapping that `courier-cluster up` installs and the upstream-chart test renders.
 */
export const UPSTREAM_CHARTS = {
  istioBase: istio('istio-base', 'base', 'istio-system', 'k8s/istio/base.values.yaml'),
  istiod: istio('istiod', 'istiod', 'istio-system', 'k8s/istio/istiod.values.yaml'),
  // Release name and namespace are what the charts expect: pods labelled istio=ingressgateway, SA istio-ingressgateway.
  ingressGateway: istio('istio-ingressgateway', 'gateway', 'istio-ingress', 'k8s/istio/gateway.values.yaml'),
  // The CNI node agent redirects pod traffic in both modes, so no pod needs NET_ADMIN (Pod Security "restricted").
  istioCni: istio('istio-cni', 'cni', 'istio-system', 'k8s/istio/cni.values.yaml'),
  // Ambient mode (courier-cluster up --mode ambient): the same istiod and CNI agent with the ambient
  // profile (the agent then redirects to ztunnel), and ztunnel itself.
  istiodAmbient: { ...istio('istiod', 'istiod', 'istio-system', 'k8s/istio/istiod.values.yaml'), profile: 'ambient' },
  istioCniAmbient: { ...istio('istio-cni', 'cni', 'istio-system', 'k8s/istio/cni.values.yaml'), profile: 'ambient' },
  ztunnel: { ...istio('ztunnel', 'ztunnel', 'istio-system', 'k8s/istio/ambient/ztunnel.values.yaml'), profile: 'ambient' },
  prometheus: { release: 'prometheus', chart: 'prometheus', repository: CHART_REPOSITORIES.prometheus, version: PINNED_VERSIONS.prometheusChart, namespace: 'observability', valuesFile: 'k8s/observability/prometheus.values.yaml' },
  grafana: { release: 'grafana', chart: 'grafana', repository: CHART_REPOSITORIES.grafana, version: PINNED_VERSIONS.grafanaChart, namespace: 'observability', valuesFile: 'k8s/observability/grafana.values.yaml' },
  jaeger: { release: 'jaeger', chart: 'jaeger', repository: CHART_REPOSITORIES.jaeger, version: PINNED_VERSIONS.jaegerChart, namespace: 'observability', valuesFile: 'k8s/observability/jaeger.values.yaml' },
  kiali: { release: 'kiali', chart: 'kiali-server', repository: CHART_REPOSITORIES.kiali, version: PINNED_VERSIONS.kialiChart, namespace: 'istio-system', valuesFile: 'k8s/observability/kiali.values.yaml' },
  // The resource metrics API the HorizontalPodAutoscalers read; kind ships without it.
  metricsServer: { release: 'metrics-server', chart: 'metrics-server', repository: CHART_REPOSITORIES.metricsServer, version: PINNED_VERSIONS.metricsServerChart, namespace: 'kube-system', valuesFile: 'k8s/kind/metrics-server.values.yaml' },
} as const satisfies Record<string, UpstreamChart>;

/** The file name `helm package` gives the chart, and the name it has in ../shared/vendor/charts. */
export const packagedFileName = (chart: UpstreamChart) => `${chart.chart}-${chart.version}.tgz`;
