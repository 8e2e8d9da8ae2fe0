export { STABLE_ONLY, toHelmArgs, type Colour, type HeaderMatchRule, type RolloutValues } from './engine/rollout-values';
export { type RolloutPlan, type RolloutStep } from './engine/rollout-plan';
export { type RolloutEvent, type RolloutStatus } from './engine/rollout-events';
export { type RolloutReport } from './engine/rollout-report';
export { RolloutEngine, type RolloutEngineOptions } from './engine/rollout-engine';
export { MeshMetrics } from './metrics/mesh-metrics';
export { PrometheusMetrics } from './metrics/prometheus-metrics';
export { type MetricsProvider, type VersionMetrics, type AnalysisTarget } from './metrics/version-metrics';
export { routingSummary, type TrackVersions } from './engine/routing-summary';
