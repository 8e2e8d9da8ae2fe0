/**
 * Every third-party version the cluster script installs, in one place, so an upgrade is one reviewed
 * diff. Bump Istio, Kiali and the kind node image together: each supports a window of the others.
 * tests/charts/test/upstream-charts.spec.ts renders each chart at exactly these versions (the
 * official packages in ../shared/vendor/charts), so a pin cannot move without the test seeing it.
 */
export const PINNED_VERSIONS = {
  kind: 'v0.32.0',
  /**
   * kind v0.32.0's default node image (Kubernetes 1.36.1), by digest as kind's release notes require.
   * Istio 1.30 supports Kubernetes 1.32 to 1.36 (docs/run-on-kind.md says where that is stated).
   */
  kindNodeImage: 'kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5',
  istio: '1.30.3',
  /**
   * The Gateway API CRDs ambient mode installs (standard channel): the release the charts' HTTPRoutes
   * and Gateways are validated against (../shared/vendor/schemas/gateway-api/standard-install-v1.6.1.yaml).
   */
  gatewayApi: '1.6.1',
  prometheusChart: '29.27.0',
  grafanaChart: '10.5.15',
  kialiChart: '2.29.0',
  /** The Jaeger v2 chart line (4.x: one OpenTelemetry-Collector-based `jaeger` Deployment). */
  jaegerChart: '4.14.1',
  /** metrics-server 0.9.0 (Kubernetes 1.34 and later), for the charts' HorizontalPodAutoscalers. */
  metricsServerChart: '3.14.0',
} as const;

export const CHART_REPOSITORIES = {
  istio: 'https://istio-release.storage.googleapis.com/charts',
  prometheus: 'https://prometheus-community.github.io/helm-charts',
  grafana: 'https://grafana.github.io/helm-charts',
  kiali: 'https://kiali.org/helm-charts',
  jaeger: 'https://jaegertracing.github.io/helm-charts',
  metricsServer: 'https://kubernetes-sigs.github.io/metrics-server/',
} as const;
