export { ClusterSimulator, type ClusterSimulatorOptions } from './simulator';
export type { ToolCall, ToolReply } from './tool-call';
export type { ClusterState, DeploymentState, MigrationRun, PodShape, Probe, ReleaseSummary } from './cluster-state';
export type { Promotion, Violation, ViolationKind } from './invariants';
export type { Release, Revision } from './release-history';
export { compareVersions } from './versions';
export { BAD, HEALTHY } from './prometheus-api';
