import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { createAdminHandler } from './admin-api';
import type { ApplyResult, StatsSnapshot } from './mesh-types';

export type { ApplyResult, StatsSnapshot } from './mesh-types';
import { qualifyGateway } from './gateway-names';
import { qualifyHost } from './host-names';
import { type KubernetesObject } from './istio-objects';
import { type ListenerRuntime } from './listener-runtime';
import { requestTimeouts } from './request-timeouts';
import { DEFAULT_ADMIN_PORT, DEFAULT_REQUEST_TIMEOUT_MS, type ListenerConfig, type MeshConfig, parseMeshConfig, parseWorkloads } from './mesh-config';
import { jsonLinesLogger, type MeshLogger } from './mesh-logger';
import { MeshTelemetry } from './mesh-telemetry';
import { MirrorSender } from './mirror';
import { parseObjects } from './object-loader';
import { OtlpJsonExporter } from './otlp-json-exporter';
import { ProxyTracer } from './proxy-tracer';
import { defaultRandom, type RandomSource } from './random-source';
import { MeshRequestHandler } from './request-handler';
import { RetryingForwarder } from './retrying-forwarder';
import { describeRouting, type RoutingDescription } from './routing-description';
import { RoutingTable } from './routing-table';
import { routeWeightExposition } from './route-weight-metrics';
import { UNKNOWN_SOURCE, type SourceIdentity } from './telemetry-identity';
import { UpstreamPools } from './upstream-pools';
import { type WorkloadConfig } from './workload';
import { WorkloadRegistry } from './workload-registry';

export interface MeshServerOptions {
  config: MeshConfig;
  /** The rendered VirtualServices and DestinationRules (other kinds are ignored). */
  objects?: readonly KubernetesObject[];
  logger?: MeshLogger;
  /** Source of randomness for weights, faults and mirroring (tests pin it; default Math.random). */
  random?: RandomSource;
  /**
   * The bearer token a change through the admin API (PUT /config, /workloads) must carry. npm start
   * passes its per-run token; without one, changes need only come from this machine as JSON or YAML.
   */
  adminToken?: string;
}

export interface ListenerAddress {
  name: string;
  port: number;
  url: string;
  host: string | undefined;
  gateway: string | undefined;
}

/** The mesh's own version, reported as `service.version` on its spans. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MESH_VERSION: string = (require('../package.json') as { version: string }).version;

/** How long stop() lets in-flight requests finish before closing their connections. */
const DRAIN_TIMEOUT_MS = 5_000;

/**
 * The local mesh: one HTTP listener per logical host (plus ingress gateway listeners) and an
 * admin listener, routing by a RoutingTable that reloads atomically.
 */
export class MeshServer {
  private readonly tables: { current: RoutingTable };
  private objects: readonly KubernetesObject[];
  private workloads: readonly WorkloadConfig[];
  private readonly servers: Server[] = [];
  private adminServer: Server | undefined;
  private traceExporter: OtlpJsonExporter | undefined;
  readonly listeners: ListenerAddress[] = [];
  adminUrl = '';
  private adminToken: string | undefined;

  private constructor(
    readonly config: MeshConfig,
    private readonly namespace: string,
    objects: readonly KubernetesObject[],
    private readonly logger: MeshLogger,
    private readonly random: RandomSource,
    private readonly telemetry: MeshTelemetry,
    private readonly pools: UpstreamPools,
  ) {
    this.objects = objects;
    this.workloads = config.workloads;
    this.tables = { current: RoutingTable.build(objects, new WorkloadRegistry(config.workloads, namespace), { namespace, random, version: 1 }) };
    telemetry.routingVersion = 1;
  }

  /** Validates the config and objects, binds every port, and resolves once all are listening. */
  static async start(options: MeshServerOptions): Promise<MeshServer> {
    const config = parseMeshConfig(options.config);
    const namespace = config.namespace ?? 'default';
    const logger = options.logger ?? jsonLinesLogger();
    const mesh = new MeshServer(config, namespace, options.objects ?? [], logger, options.random ?? defaultRandom, new MeshTelemetry(), new UpstreamPools());
    mesh.adminToken = options.adminToken;
    try {
      await mesh.listen();
    } catch (error) {
      await mesh.stop();
      throw error;
    }
    for (const warning of mesh.tables.current.warnings) logger.warn(warning);
    return mesh;
  }

  get routingTable(): RoutingTable {
    return this.tables.current;
  }

  /** Replaces the routing objects. Throws MeshConfigError (and keeps the current table) when they are invalid. */
  applyObjects(objects: readonly KubernetesObject[]): ApplyResult {
    return this.apply({ objects });
  }

  /** Replaces the routing objects from YAML or JSON text, as `helm template` prints them. */
  applyObjectsText(text: string, source = 'request body'): ApplyResult {
    return this.applyObjects(parseObjects(text, source));
  }

  /** Replaces the workloads (e.g. when the stack starts or stops a version). */
  applyWorkloads(workloads: unknown): ApplyResult {
    return this.apply({ workloads });
  }

  /**
   * Replaces objects and workloads together in one swap, so no request ever sees new objects
   * with old workloads (or the reverse). Either may be left out to keep the current one.
   */
  apply(change: { objects?: readonly KubernetesObject[]; workloads?: unknown }): ApplyResult {
    const objects = change.objects ?? this.objects;
    const workloads = change.workloads === undefined ? this.workloads : parseWorkloads(change.workloads);
    const table = this.swap(objects, workloads);
    this.objects = objects;
    if (change.workloads !== undefined) {
      this.workloads = workloads;
      void this.pools.retainOnly(new Set(table.registry.all.map((workload) => workload.origin)));
    }
    return { version: table.version, warnings: table.warnings };
  }

  describe(): RoutingDescription {
    return describeRouting(this.tables.current);
  }

  stats(windowSeconds = 10): StatsSnapshot {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    return {
      generatedAt: new Date().toISOString(),
      windowSeconds,
      routingVersion: this.tables.current.version,
      process: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, uptimeSeconds: Math.round(process.uptime()), cpuMicros: cpu.user + cpu.system },
      destinations: this.telemetry.stats(windowSeconds),
    };
  }

  metrics(): string {
    return this.telemetry.exposition() + routeWeightExposition(describeRouting(this.tables.current));
  }

  /** Stops accepting connections, lets in-flight requests finish (up to 5 s), then closes everything. */
  async stop(): Promise<void> {
    const servers = [...this.servers, ...(this.adminServer ? [this.adminServer] : [])];
    await Promise.all(servers.map((server) => closeGracefully(server)));
    await this.pools.close();
    // After the drain, so the spans of the last requests are sent too.
    await this.traceExporter?.shutdown();
  }

  private swap(objects: readonly KubernetesObject[], workloads: readonly WorkloadConfig[]): RoutingTable {
    const previous = this.tables.current;
    const version = previous.version + 1;
    const table = RoutingTable.build(objects, new WorkloadRegistry(workloads, this.namespace), { namespace: this.namespace, random: this.random, version });
    // One assignment: requests already routing keep the table they read; new ones get this one.
    this.tables.current = table;
    this.telemetry.routingVersion = version;
    this.logger.info('routing table applied', { version, virtualServices: table.virtualServices.length, warnings: table.warnings.length });
    // Every reload re-derives all warnings; only the new ones are worth a log line.
    for (const warning of table.warnings) if (!previous.warnings.includes(warning)) this.logger.warn(warning);
    return table;
  }

  private async listen(): Promise<void> {
    const bind = this.config.bind ?? '127.0.0.1';
    const accessLog = this.config.accessLog ? this.logger : undefined;
    const mirrors = new MirrorSender(this.pools, this.telemetry);
    const forwarder = new RetryingForwarder(this.pools, this.telemetry, this.random);
    const tracer = this.startTracing();
    for (const listener of this.config.listeners) {
      const runtime = this.runtimeOf(listener);
      const handler = new MeshRequestHandler(runtime, {
        tables: this.tables, forwarder, mirrors, telemetry: this.telemetry, random: this.random, accessLog, logger: this.logger, tracer,
      });
      const server = createServer({ keepAliveTimeout: 30_000, noDelay: true, ...requestTimeouts(this.config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS) }, handler.handle);
      this.servers.push(server);
      const port = await listenOn(server, listener.port, bind);
      // `match.port` compares with the port actually bound (it differs when the config asked for 0).
      runtime.context.port = port;
      this.listeners.push({ name: runtime.name, port, url: `http://${urlHost(bind)}:${port}`, host: listener.host, gateway: runtime.gateway });
    }
    this.adminServer = createServer(requestTimeouts(this.config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS), createAdminHandler(this, this.logger, this.adminToken));
    const adminPort = await listenOn(this.adminServer, this.config.adminPort ?? DEFAULT_ADMIN_PORT, bind);
    this.adminUrl = `http://${urlHost(bind)}:${adminPort}`;
    this.logger.info('mesh listening', { admin: this.adminUrl, listeners: this.listeners.map((listener) => `${listener.name}=${listener.url}`) });
  }

  private startTracing(): ProxyTracer | undefined {
    const tracing = this.config.tracing;
    if (!tracing) return undefined;
    this.traceExporter = new OtlpJsonExporter({
      endpoint: tracing.otlpEndpoint,
      resource: { 'service.name': tracing.serviceName ?? 'courier-mesh', 'service.version': MESH_VERSION, 'service.namespace': this.namespace },
      logger: this.logger,
    });
    this.logger.info('tracing: one span per request', { otlpEndpoint: tracing.otlpEndpoint });
    return new ProxyTracer(this.traceExporter);
  }

  private runtimeOf(listener: ListenerConfig): ListenerRuntime & { context: { port: number } } {
    const gateway = listener.gateway === undefined ? undefined : qualifyGateway(listener.gateway, this.namespace);
    const source: SourceIdentity = listener.source
      ? {
          workload: listener.source.workload,
          namespace: listener.source.namespace ?? this.namespace,
          app: listener.source.labels?.app ?? listener.source.workload,
          version: listener.source.labels?.version ?? 'unknown',
        }
      : gateway
        ? { workload: 'istio-ingressgateway', namespace: 'istio-system', app: 'istio-ingressgateway', version: 'unknown' }
        : UNKNOWN_SOURCE;
    return {
      name: listener.name ?? listener.gateway ?? listener.host ?? `port-${listener.port}`,
      serviceFqdn: listener.host === undefined ? undefined : qualifyHost(listener.host, this.namespace),
      gateway,
      source,
      context: {
        port: listener.port,
        gateway: gateway ?? 'mesh',
        sourceLabels: listener.source?.labels,
        sourceNamespace: listener.source ? (listener.source.namespace ?? this.namespace) : undefined,
      },
    };
  }
}

function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function closeGracefully(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
  await closed;
  clearTimeout(timer);
}

function urlHost(bind: string): string {
  if (bind === '0.0.0.0' || bind === '::') return '127.0.0.1';
  return bind.includes(':') ? `[${bind}]` : bind;
}
