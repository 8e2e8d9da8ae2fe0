import { parseArgs } from 'node:util';

export interface CliOptions {
  configFile: string;
  /** Files or directories of rendered objects; `-` is standard input. */
  objectPaths: string[];
  watch: boolean;
  accessLog: boolean;
  adminPort: number | undefined;
}

export const CLI_USAGE = `Usage: courier-mesh --config mesh.json [--objects rendered.yaml]... [options]

The local Istio-compatible mesh: applies rendered VirtualService and DestinationRule objects
(networking.istio.io v1, v1beta1, v1alpha3) to local workloads.

Options:
  --config FILE       mesh config (JSON): namespace, listeners, workloads, adminPort
  --objects PATH      rendered objects, YAML or JSON (e.g. \`helm template\` output); a directory
                      means its *.yaml, *.yml and *.json files; \`-\` reads standard input; repeatable
  --watch             reload when the object files or the config's workloads change
  --access-log        print one JSON line per request
  --admin-port N      admin API and /metrics port (overrides the config's adminPort)
  -h, --help          show this help

Environment: OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://jaeger:4318) emits one span per request over
OTLP/HTTP JSON, unless the config has its own "tracing"; OTEL_SERVICE_NAME names them (courier-mesh).
MESH_ADMIN_TOKEN allows admin changes with "Authorization: Bearer <token>"; without it they are off.

Admin API: GET /metrics, GET /stats?window=10, GET /config, PUT /config, PUT /workloads.`;

export function parseCliOptions(argv: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      objects: { type: 'string', multiple: true },
      watch: { type: 'boolean', default: false },
      'access-log': { type: 'boolean', default: false },
      'admin-port': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (!values.config) throw new Error('--config is required (see --help)');
  let adminPort: number | undefined;
  if (values['admin-port'] !== undefined) {
    adminPort = Number(values['admin-port']);
    if (!Number.isInteger(adminPort) || adminPort < 0 || adminPort > 65535) throw new Error('--admin-port: expected a port number');
  }
  const objectPaths = values.objects ?? [];
  if (values.watch && objectPaths.includes('-')) throw new Error('--watch cannot watch standard input');
  return { configFile: values.config, objectPaths, watch: values.watch ?? false, accessLog: values['access-log'] ?? false, adminPort };
}
