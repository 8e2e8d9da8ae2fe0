export { STABLE_ONLY, toHelmArgs, type Colour, type HeaderMatchRule, type RolloutValues } from './engine/rollout-values';
export { type RolloutPlan, type RolloutStep } from './engine/rollout-plan';
export { type RolloutEvent, type RolloutStatus } from './engine/rollout-events';
export { type RolloutReport } from './engine/rollout-report';
export { RolloutEngine, type RolloutEngineOptions } from './engine/rollout-engine';
export { MeshMetrics } from './metrics/mesh-metrics';
export { PrometheusMetrics } from './metrics/prometheus-metrics';
export { type MetricsProvider, type VersionMetrics, type AnalysisTarget } from './metrics/version-metrics';
export { routingSummary, type TrackVersions } from '@courier/contracts';
export { HttpProbeTraffic, LOCAL_PROBE_PATH, type ProbeTraffic } from './engine/probe-traffic';
// What the local stack needs to run rollouts in-process for the control room, as the CLI does.
export { type Actuator } from './actuators/actuator';
export { LocalActuator } from './actuators/local-actuator';
export { callStackAdmin, CONTROL_TOKEN_FILE, readControlToken } from './actuators/stack-admin-call';
export { intervalMsFor, planFor, type PlanRequest } from './engine/rollout-session';
export { canaryPlan } from './strategies/canary-strategy';
export { blueGreenPlan } from './strategies/bluegreen-strategy';
export { mirrorPlan } from './strategies/mirror-strategy';
export { loadRolloutConfig, thresholdsFor, type RolloutConfig } from './analysis/rollout-config';
export { type Verdict } from './analysis/verdict';
export { writeReport } from './report/write-report';
// What the release suite (tests/release) drives against its simulated cluster.
export { KubernetesActuator, type KubernetesActuatorOptions } from './actuators/kubernetes-actuator';
export { type CommandRunner } from './actuators/command-runner';
export { abPlan } from './strategies/ab-strategy';
export { DEFAULT_THRESHOLDS } from './analysis/thresholds';
export { liveTrack, releaseStateFrom, trackSettings, type ReleaseState } from './kubernetes/release-state';
