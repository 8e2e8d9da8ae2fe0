/**
 * Every third-party version the cluster script installs, in one place, so an upgrade is one reviewed
 * diff. Bump Istio, Kiali and the kind node image together: each supports a window of the others.
 */
export const PINNED_VERSIONS = {
  /** kind v0.29.0's prebuilt Kubernetes 1.33 node, by digest as kind's release notes require. */
  kindNodeImage: 'kindest/node:v1.33.1@sha256:050072256b9a903bd914c0b2866828150cb229cea0efe5892e2b644d5dd3b34f',
  istio: '1.27.3',
  prometheusChart: '27.30.0',
  grafanaChart: '9.3.2',
  kialiChart: '2.17.0',
  jaegerChart: '3.4.1',
} as const;

export const CHART_REPOSITORIES = {
  istio: 'https://istio-release.storage.googleapis.com/charts',
  prometheus: 'https://prometheus-community.github.io/helm-charts',
  grafana: 'https://grafana.github.io/helm-charts',
  kiali: 'https://kiali.org/helm-charts',
  jaeger: 'https://jaegertracing.github.io/helm-charts',
} as const;
