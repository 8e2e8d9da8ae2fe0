export { clusterDownPlan, clusterStatusPlan, clusterUpPlan, type PlanTarget } from './cluster-plan';
export { workspaceServices } from './workspace-services';
export { parseClusterOptions, type ClusterOptions } from './cluster-options';
export { findOnPath, locateKubernetesTool, missingToolMessage, resolveKubernetesTool, type KubernetesTool, type KubernetesToolName } from './kubernetes-tools';
export { formatPlan } from './plan-runner';
export { formatCommand, type PlannedStep } from './planned-step';
export { CHART_REPOSITORIES, PINNED_VERSIONS } from './pinned-versions';
export { packagedFileName, UPSTREAM_CHARTS, type UpstreamChart } from './upstream-charts';
