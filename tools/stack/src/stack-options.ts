import path from 'node:path';
import { parseArgs } from 'node:util';
import { controlTokenFrom } from './control-token';
import type { StackService } from './stack-services';

export interface StackPorts {
  /** The ingress gateway: the browser's way in (web's UI and API). */
  gateway: number;
  meshAdmin: number;
  stackAdmin: number;
  database: number;
  /** Where each service version listens (behind the mesh). */
  services: Record<string, Record<string, number>>;
  /** Where each version of a service with streams serves them (the mesh routes <name>-streams there). */
  streams: Record<string, Record<string, number>>;
  /** The mesh listener in front of each service; services call each other through these. */
  meshListeners: Record<string, number>;
  /** The local Prometheus (only with `withPrometheus`); 9090, where the rollout CLI looks by default. */
  prometheus?: number;
}

export interface StackOptions {
  /** Repository root: services run from `<root>/services/<name>/dist`. */
  root: string;
  dataDir: string;
  ports: StackPorts;
  /** Which versions of each service run as separate processes, in start order (callees first). */
  versions: Record<string, string[]>;
  /** The service the ingress gateway routes to (`public: true` in its service.yaml): web, with the control room. */
  gatewayService: string;
  /** Fault settings for delivery v2 ("bad mode"), to demo an automatic rollback. */
  badV2: { errorRate: number; delayMs: number } | undefined;
  /** An existing PostgreSQL to use instead of the embedded one. */
  databaseUrl?: string;
  /** Skip the `nx build` step (CI and tests build first). */
  skipBuild: boolean;
  /** Also run a real Prometheus scraping the mesh and every service (see local-prometheus.ts). */
  withPrometheus?: boolean;
  /** Print what would run, on which ports, and start nothing. */
  dryRun?: boolean;
  /** The charts' routing.api: Istio's VirtualService API, or the Kubernetes Gateway API (HTTPRoute). */
  routingApi: RoutingApi;
  /**
   * The bearer token every change through the three control surfaces (web's control API, the stack
   * admin, the mesh admin) needs: random per run unless COURIER_CONTROL_TOKEN sets it. Undefined only
   * with CONTROL_AUTH=off.
   */
  controlToken: string | undefined;
}

export const ROUTING_APIS = ['istio', 'gateway-api'] as const;
export type RoutingApi = (typeof ROUTING_APIS)[number];

export const STACK_USAGE = `Usage: npm start -- [options]

Starts the embedded PostgreSQL, every service the umbrella chart installs (users v1, delivery v1
(stable) and v2 (canary), web; the versions docker-compose.yml runs), and the local mesh in front
of them, routed by the services' Helm charts.

Options:
  --gateway-port N     the mesh ingress gateway (UI + API)   default 8080, env GATEWAY_PORT
  --admin-port N       the stack admin API (rollouts)        default 8079, env STACK_ADMIN_PORT
  --mesh-admin-port N  mesh /metrics, /stats, /config        default 15020, env MESH_ADMIN_PORT
  --db-port N          embedded PostgreSQL                   default 5433, env COURIER_DB_PORT
  --bad-v2             delivery v2 fails 20% of requests and adds 150 ms (to demo a rollback)
  --v2-error-rate R    delivery v2 error rate, 0..1 (implies bad mode)
  --v2-delay-ms N      delivery v2 added latency in ms (implies bad mode)
  --routing API        istio (VirtualService) or gateway-api (HTTPRoute): how the charts route   default istio
  --with-prometheus    also run Prometheus (PATH's or Debian's) scraping the mesh and services
  --prometheus-port N  its port                              default 9090, env PROMETHEUS_PORT
  --data-dir DIR       where the database and routing state live   default .data
  --skip-build         use the existing builds as they are
  --dry-run            print the services, versions and ports that would run; start nothing
  -h, --help           show this help

Set DATABASE_URL to use your own PostgreSQL instead of the embedded one.

Every change to routing, rollouts, faults or load needs this run's control token. npm start makes a
new one each run, writes it to <data dir>/control-token (readable by you only), and prints a control
room link that carries it; \`npx courier rollout\` reads the file. COURIER_CONTROL_TOKEN sets your own
(at least 32 characters); CONTROL_AUTH=off turns the token off (loopback, Origin and JSON checks stay).`;

/** `services`: what runs, from stackServices(root) (the workspace's files); the rest from flags and the environment. */
export function parseStackOptions(argv: string[], env: NodeJS.ProcessEnv, root: string, services: StackService[]): StackOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      'gateway-port': { type: 'string' },
      'admin-port': { type: 'string' },
      'mesh-admin-port': { type: 'string' },
      'db-port': { type: 'string' },
      'bad-v2': { type: 'boolean', default: false },
      'v2-error-rate': { type: 'string' },
      'v2-delay-ms': { type: 'string' },
      'data-dir': { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'with-prometheus': { type: 'boolean', default: false },
      'prometheus-port': { type: 'string' },
      routing: { type: 'string', default: 'istio' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const bad = values['bad-v2'] || values['v2-error-rate'] !== undefined || values['v2-delay-ms'] !== undefined;
  return {
    root,
    dataDir: path.resolve(root, values['data-dir'] ?? '.data'),
    ports: {
      gateway: port('--gateway-port / GATEWAY_PORT', values['gateway-port'] ?? env.GATEWAY_PORT, 8080),
      stackAdmin: port('--admin-port / STACK_ADMIN_PORT', values['admin-port'] ?? env.STACK_ADMIN_PORT, 8079),
      meshAdmin: port('--mesh-admin-port / MESH_ADMIN_PORT', values['mesh-admin-port'] ?? env.MESH_ADMIN_PORT, 15020),
      database: port('--db-port / COURIER_DB_PORT', values['db-port'] ?? env.COURIER_DB_PORT, 5433),
      services: Object.fromEntries(services.map((service) => [service.name, service.ports])),
      streams: Object.fromEntries(services.map((service) => [service.name, service.streamsPorts])),
      meshListeners: Object.fromEntries(services.map((service) => [service.name, service.meshListener])),
      prometheus: port('--prometheus-port / PROMETHEUS_PORT', values['prometheus-port'] ?? env.PROMETHEUS_PORT, 9090),
    },
    versions: Object.fromEntries(services.map((service) => [service.name, service.versions])),
    gatewayService: gatewayServiceOf(services),
    badV2: bad
      ? { errorRate: fraction('--v2-error-rate', values['v2-error-rate'] ?? '0.2'), delayMs: port('--v2-delay-ms', values['v2-delay-ms'] ?? '150', 150, 0) }
      : undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    skipBuild: values['skip-build'] ?? false,
    withPrometheus: values['with-prometheus'] ?? false,
    dryRun: values['dry-run'] ?? false,
    routingApi: routingApi(values.routing ?? 'istio'),
    controlToken: controlTokenFrom(env),
  };
}

function routingApi(value: string): RoutingApi {
  if ((ROUTING_APIS as readonly string[]).includes(value)) return value as RoutingApi;
  throw new Error(`--routing must be ${ROUTING_APIS.join(' or ')} (got "${value}"). Fix: npm start -- --routing gateway-api, or leave it out for istio`);
}

function gatewayServiceOf(services: StackService[]): string {
  const found = services.find((service) => service.public);
  if (!found) throw new Error('no service is public: the ingress gateway routes to one. Fix: add "public: true" to its services/<name>/service.yaml (web\'s has it)');
  return found.name;
}

function port(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > 65535) {
    throw new Error(`${name} must be a whole number between ${min} and 65535 (got "${raw}"). Fix: pass e.g. ${name.split(' ')[0]} ${fallback}`);
  }
  return value;
}

function fraction(name: string, raw: string): number {
  const value = Number(raw);
  if (!(value >= 0 && value <= 1)) throw new Error(`${name} must be between 0 and 1 (got "${raw}"). Fix: pass e.g. ${name} 0.2`);
  return value;
}
