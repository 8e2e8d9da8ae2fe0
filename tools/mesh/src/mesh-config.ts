import { MeshConfigError } from './mesh-config-error';
import { type WorkloadConfig } from './workload';

/** One port the mesh listens on. */
export interface ListenerConfig {
  /** For logs and /config; defaults to `<host>` or `<gateway>`. */
  name?: string;
  port: number;
  /**
   * The service this listener fronts, as a short name (`delivery`). A sidecar listener routes
   * every request as addressed to this service, whatever its Host header says; a gateway
   * listener falls back to it (see `gateway`). Required for sidecar listeners.
   */
  host?: string;
  /**
   * Makes this an ingress gateway listener for the named Istio Gateway (`courier-gateway` in the
   * mesh namespace, or `namespace/name`). It applies the VirtualServices bound to that gateway
   * instead of the mesh-bound ones.
   */
  gateway?: string;
  /**
   * The calling workload this listener stands for, which Istio would know from the sidecar that
   * sent the request: used for `source_*` metric labels and `match.sourceLabels`. Defaults to
   * `unknown` (sidecar listeners) or `istio-ingressgateway` (gateway listeners).
   */
  source?: { workload: string; namespace?: string; labels?: Record<string, string> };
}

/** The mesh's own settings: where it listens and which local processes stand in for pods. */
export interface MeshConfig {
  /** Namespace of objects without metadata.namespace and of short host names. Default `default`. */
  namespace?: string;
  /** Interface every listener binds to. Default `127.0.0.1`. */
  bind?: string;
  /** Admin API and /metrics. Default 15020 (the port Istio's agent serves merged metrics on); 0 picks a free port. */
  adminPort?: number;
  listeners: ListenerConfig[];
  workloads: WorkloadConfig[];
  /** Print one JSON line per request, like Envoy's access log. Default false. */
  accessLog?: boolean;
  /** Emit one span per proxied request over OTLP/HTTP (JSON). Off when absent. */
  tracing?: TracingConfig;
  /**
   * How long a client may take to send a whole request, headers and body, on every listener:
   * a stalled upload gets a 408 and its connection is closed, like Envoy's `request_timeout`.
   * Headers must arrive within the smaller of this and 10 s. Default 30 000.
   */
  requestTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** The longest requestTimeoutMs accepted: an hour, past which a "timeout" protects nothing. */
const MAX_REQUEST_TIMEOUT_MS = 3_600_000;

export interface TracingConfig {
  /** The collector's base URL, as OTEL_EXPORTER_OTLP_ENDPOINT (spans go to `<endpoint>/v1/traces`). */
  otlpEndpoint: string;
  /** `service.name` of the mesh's spans. Default `courier-mesh`. */
  serviceName?: string;
}

export const DEFAULT_ADMIN_PORT = 15020;

/** Validates a mesh config (parsed JSON), listing every problem at once. */
export function parseMeshConfig(value: unknown): MeshConfig {
  const problems: string[] = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new MeshConfigError(['mesh config: expected a JSON object']);
  const config = value as Partial<MeshConfig> & Record<string, unknown>;
  const known = new Set(['namespace', 'bind', 'adminPort', 'listeners', 'workloads', 'accessLog', 'tracing', 'requestTimeoutMs', '$schema', 'description']);
  for (const key of Object.keys(config)) if (!known.has(key)) problems.push(`mesh config: unknown field "${key}"`);
  if (config.namespace !== undefined && !isDnsLabel(config.namespace)) problems.push('namespace: expected a DNS label such as "courier"');
  if (config.bind !== undefined && typeof config.bind !== 'string') problems.push('bind: expected an address such as "127.0.0.1"');
  if (config.adminPort !== undefined && !isPort(config.adminPort)) problems.push('adminPort: expected a port number (0 for any free port)');
  if (config.accessLog !== undefined && typeof config.accessLog !== 'boolean') problems.push('accessLog: expected true or false');
  if (config.tracing !== undefined) problems.push(...tracingProblems(config.tracing));
  if (config.requestTimeoutMs !== undefined && !(Number.isInteger(config.requestTimeoutMs) && config.requestTimeoutMs >= 100 && config.requestTimeoutMs <= MAX_REQUEST_TIMEOUT_MS)) {
    problems.push(`requestTimeoutMs: expected whole milliseconds between 100 and ${MAX_REQUEST_TIMEOUT_MS}, e.g. 30000`);
  }

  if (!Array.isArray(config.listeners) || config.listeners.length === 0) problems.push('listeners: expected a list with at least one listener');
  else config.listeners.forEach((listener, index) => problems.push(...listenerProblems(listener, `listeners[${index}]`)));

  if (!Array.isArray(config.workloads)) problems.push('workloads: expected a list (it may be empty)');
  else problems.push(...workloadProblems(config.workloads));

  if (problems.length > 0) throw new MeshConfigError(problems);
  return config as MeshConfig;
}

/** Validates a replacement workload list (the admin API's PUT /workloads). */
export function parseWorkloads(value: unknown): WorkloadConfig[] {
  const list = Array.isArray(value) ? value : (value as { workloads?: unknown } | null)?.workloads;
  if (!Array.isArray(list)) throw new MeshConfigError(['workloads: expected a list, or an object with a "workloads" list']);
  const problems = workloadProblems(list);
  if (problems.length > 0) throw new MeshConfigError(problems);
  return list as WorkloadConfig[];
}

function tracingProblems(tracing: TracingConfig): string[] {
  if (tracing === null || typeof tracing !== 'object') return ['tracing: expected an object such as {"otlpEndpoint": "http://jaeger:4318"}'];
  const problems: string[] = [];
  if (typeof tracing.otlpEndpoint !== 'string' || !URL.canParse(tracing.otlpEndpoint) || !/^https?:$/.test(new URL(tracing.otlpEndpoint).protocol)) {
    problems.push('tracing.otlpEndpoint: expected an http(s) URL such as "http://jaeger:4318"');
  }
  if (tracing.serviceName !== undefined && (typeof tracing.serviceName !== 'string' || tracing.serviceName === '')) problems.push('tracing.serviceName: expected a non-empty string');
  return problems;
}

function listenerProblems(listener: ListenerConfig, where: string): string[] {
  if (listener === null || typeof listener !== 'object') return [`${where}: expected an object`];
  const problems: string[] = [];
  if (!isPort(listener.port)) problems.push(`${where}.port: expected a port number (0 for any free port)`);
  if (listener.host !== undefined && !isDnsLabel(listener.host)) problems.push(`${where}.host: expected a short service name such as "delivery"`);
  if (listener.gateway !== undefined && (typeof listener.gateway !== 'string' || listener.gateway === '' || listener.gateway === 'mesh')) {
    problems.push(`${where}.gateway: expected the name of an Istio Gateway`);
  }
  if (listener.host === undefined && listener.gateway === undefined) problems.push(`${where}: needs host (a sidecar listener) or gateway (an ingress gateway listener)`);
  if (listener.source !== undefined && (typeof listener.source?.workload !== 'string' || listener.source.workload === '')) {
    problems.push(`${where}.source.workload: expected a workload name`);
  }
  return problems;
}

function workloadProblems(workloads: unknown[]): string[] {
  const problems: string[] = [];
  workloads.forEach((entry, index) => {
    const where = `workloads[${index}]`;
    const workload = entry as WorkloadConfig;
    if (workload === null || typeof workload !== 'object') {
      problems.push(`${where}: expected an object`);
      return;
    }
    if (!isDnsLabel(workload.service)) problems.push(`${where}.service: expected a short service name such as "delivery"`);
    if (workload.namespace !== undefined && !isDnsLabel(workload.namespace)) problems.push(`${where}.namespace: expected a DNS label`);
    if (workload.labels !== undefined && (typeof workload.labels !== 'object' || Array.isArray(workload.labels) || Object.values(workload.labels).some((v) => typeof v !== 'string'))) {
      problems.push(`${where}.labels: expected a map of label to string value`);
    }
    if (!isHttpUrl(workload.url)) problems.push(`${where}.url: expected an http:// or https:// URL such as "http://127.0.0.1:3002"`);
  });
  return problems;
}

function isPort(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535;
}

function isDnsLabel(value: unknown): boolean {
  return typeof value === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
