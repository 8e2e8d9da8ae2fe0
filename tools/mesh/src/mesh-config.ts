import { z } from 'zod';
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

const port = z.number('expected a port number (0 for any free port)').int('expected a port number (0 for any free port)').min(0, 'expected a port number (0 for any free port)').max(65535, 'expected a port number (0 for any free port)');
const dnsLabel = (message: string) => z.string(message).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, message);
const SERVICE_NAME = 'expected a short service name such as "delivery"';
const httpUrl = (message: string) => z.string(message).refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), message);

const ListenerSchema = z
  .looseObject(
    {
      name: z.string().optional(),
      port,
      host: dnsLabel(SERVICE_NAME).optional(),
      gateway: z.string().refine((value) => value !== '' && value !== 'mesh', 'expected the name of an Istio Gateway').optional(),
      source: z.looseObject({ workload: z.string('expected a workload name').min(1, 'expected a workload name') }, 'expected a workload name').optional(),
    },
    'expected an object',
  )
  .refine((listener) => listener.host !== undefined || listener.gateway !== undefined, 'needs host (a sidecar listener) or gateway (an ingress gateway listener)');

const WorkloadSchema = z.looseObject(
  {
    name: z.string().optional(),
    service: dnsLabel(SERVICE_NAME),
    namespace: dnsLabel('expected a DNS label').optional(),
    labels: z.record(z.string(), z.string(), 'expected a map of label to string value').optional(),
    url: httpUrl('expected an http:// or https:// URL such as "http://127.0.0.1:3002"'),
  },
  'expected an object',
);

const WorkloadsSchema = z.array(WorkloadSchema);

/** The mesh config's schema; every message names what is expected, as the README's table does. */
const MeshConfigSchema = z.strictObject(
  {
    $schema: z.string().optional(),
    description: z.string().optional(),
    namespace: dnsLabel('expected a DNS label such as "courier"').optional(),
    bind: z.string('expected an address such as "127.0.0.1"').optional(),
    adminPort: port.optional(),
    listeners: z.array(ListenerSchema, 'expected a list with at least one listener').min(1, 'expected a list with at least one listener'),
    workloads: z.array(WorkloadSchema, 'expected a list (it may be empty)'),
    accessLog: z.boolean('expected true or false').optional(),
    tracing: z
      .strictObject(
        {
          otlpEndpoint: httpUrl('expected an http(s) URL such as "http://jaeger:4318"'),
          serviceName: z.string('expected a non-empty string').min(1, 'expected a non-empty string').optional(),
        },
        'expected an object such as {"otlpEndpoint": "http://jaeger:4318"}',
      )
      .optional(),
    requestTimeoutMs: z.number().int().min(100).max(MAX_REQUEST_TIMEOUT_MS).optional(),
  },
  'mesh config: expected a JSON object',
);

/** `listeners[0].port: expected …`, or `mesh config: unknown field "x"` for a key the config does not have. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  // Unknown fields first: a misspelt key usually explains the problems after it.
  const unknownFirst = [...issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
  return unknownFirst.flatMap((issue) => {
    const where = issue.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`)).join('');
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) return issue.keys.map((key) => `mesh config: unknown field "${key}"`);
    if (issue.path.length === 0) return [issue.message];
    if (where === 'requestTimeoutMs') return [`requestTimeoutMs: expected whole milliseconds between 100 and ${MAX_REQUEST_TIMEOUT_MS}, e.g. 30000`];
    return [`${where}: ${issue.message}`];
  });
}

/** Validates a mesh config (parsed JSON) by its schema, listing every problem at once. */
export function parseMeshConfig(value: unknown): MeshConfig {
  const result = MeshConfigSchema.safeParse(value);
  if (!result.success) throw new MeshConfigError(describeIssues(result.error.issues));
  return value as MeshConfig;
}

/** Validates a replacement workload list (the admin API's PUT /workloads). */
export function parseWorkloads(value: unknown): WorkloadConfig[] {
  const list = Array.isArray(value) ? value : (value as { workloads?: unknown } | null)?.workloads;
  if (!Array.isArray(list)) throw new MeshConfigError(['workloads: expected a list, or an object with a "workloads" list']);
  const result = WorkloadsSchema.safeParse(list);
  if (!result.success) throw new MeshConfigError(result.error.issues.map((issue) => `workloads${issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')}: ${issue.message}`));
  return list as WorkloadConfig[];
}
