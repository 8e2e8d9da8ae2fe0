export { MeshServer, type MeshServerOptions, type ListenerAddress, type ApplyResult, type StatsSnapshot } from './mesh-server';
export { type MeshConfig, type ListenerConfig, type TracingConfig, DEFAULT_ADMIN_PORT, DEFAULT_REQUEST_TIMEOUT_MS, parseMeshConfig, parseWorkloads } from './mesh-config';
export { type WorkloadConfig } from './workload';
export { MeshConfigError } from './mesh-config-error';
export { type MeshLogger, jsonLinesLogger, silentLogger } from './mesh-logger';
export { parseObjects } from './object-loader';
export { loadObjectFiles } from './object-sources';
export { type KubernetesObject } from './istio-objects';
export { type RoutingDescription, type RuleDescription, type DestinationDescription } from './routing-description';
export { type DestinationStats, type TrafficKind } from './traffic-window';
export { ISTIO_DURATION_BUCKETS_MS } from './istio-metrics';
export { shadowAuthority } from './shadow-authority';
export { formatLabels } from './prometheus-text';
export { presentsToken, refuseForeignControl, type ControlRefusal } from './local-control-guard';
export { requestTimeouts } from './request-timeouts';
export { parseDuration } from './duration';
// The Gateway API's match semantics and precedence, for the release suite's cluster simulator.
export { compileGatewayApiMatch, compareMatchPrecedence, MATCH_ALL_PATHS, type MatchPrecedence } from './gateway-api-match';
export { RequestFacts } from './request-facts';
