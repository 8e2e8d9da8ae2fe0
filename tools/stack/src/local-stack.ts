import type { StackDescription } from '@courier/contracts';
import { urlVariable } from '@courier/cluster';
import { MeshServer, jsonLinesLogger, type KubernetesObject } from '@courier/mesh';
import type { RolloutValues } from '@courier/rollout';
import { spawnEmbeddedPostgres, type SpawnedEmbeddedPostgres } from '@courier/testenv';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ChartRenderer, STACK_NAMESPACE } from './chart-renderer';
import { LocalPrometheus, requirePrometheusBinary, stackScrapeTargets } from './local-prometheus';
import { formatLogLine } from './log-line-formatter';
import { RoutingStore } from './routing-store';
import { buildServices } from './service-build';
import { ServiceProcess } from './service-process';
import { promotedRouting, TRACKS, type ServiceRouting } from './service-routing';
import { meshWorkloads } from './stack-workloads';
import type { StackOptions } from './stack-options';
import { withoutPassword } from './published-url';
import { publishControlToken, withdrawControlToken } from './control-token';

/** Log prefix colours, one per service in start order (magenta, blue, green, cyan, yellow). */
const COLOURS = ['\x1b[35m', '\x1b[34m', '\x1b[32m', '\x1b[36m', '\x1b[33m'];
const GATEWAY = 'courier-gateway';

export interface StackOutput {
  print: (line: string) => void;
  useColour: boolean;
}

export interface FaultSettings {
  errorRate: number;
  delayMs: number;
}

/**
 * Courier on a laptop: the database, every service version as a process, and the local mesh in
 * front of them, routed by the VirtualServices and DestinationRules that the services' own Helm
 * charts render from the current rollout values. Services reach each other through the mesh.
 */
export class LocalStack {
  private database?: SpawnedEmbeddedPostgres;
  private mesh?: MeshServer;
  private renderer?: ChartRenderer;
  private prometheus?: LocalPrometheus;
  private readonly processes = new Map<string, ServiceProcess>();
  private readonly faults = new Map<string, FaultSettings>();
  private readonly rendered = new Map<string, KubernetesObject[]>();
  readonly routing: RoutingStore;
  /** The services this stack runs, in start order (the umbrella chart's; see stack-services.ts). */
  readonly services: string[];
  /** The log column: wide enough for the longest process label (`delivery-v2`, a generated service's name). */
  private readonly labelWidth: number;
  databaseUrl = '';

  constructor(
    private readonly options: StackOptions,
    private readonly output: StackOutput,
  ) {
    this.routing = new RoutingStore(path.join(options.dataDir, 'stack', 'routing.json'));
    this.services = Object.keys(options.versions);
    // Fixed for the stack's life, and read for every log line the mesh and the services print.
    this.labelWidth = Math.max(12, ...this.services.flatMap((service) => options.versions[service].map((version) => this.labelOf(service, version).length + 1)));
  }

  /** The workspace it runs: its service manifests, charts and built services. */
  get root(): string {
    return this.options.root;
  }

  /** Where the stack keeps its state (database, routing, rollout reports); `.data` by default. */
  get dataDir(): string {
    return this.options.dataDir;
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.options.ports.gateway}`;
  }

  /** This run's control token (undefined with CONTROL_AUTH=off): changes on any control surface need it. */
  get controlToken(): string | undefined {
    return this.options.controlToken;
  }

  get meshAdminUrl(): string {
    return `http://127.0.0.1:${this.options.ports.meshAdmin}`;
  }

  /** The local Prometheus' URL, when it runs. */
  get prometheusUrl(): string | undefined {
    return this.prometheus?.url;
  }

  async start(): Promise<void> {
    const { options, output } = this;
    // Before anything starts, so a missing binary is a quick, clear error.
    const prometheusBinary = options.withPrometheus ? requirePrometheusBinary() : undefined;
    // The database starts while the services build and the charts render: each takes seconds on a
    // first start, and neither needs the other.
    const database = Promise.resolve(options.databaseUrl ?? this.startDatabase());
    // Observed here, awaited below: a database that fails while the build runs is reported once
    // the build is done, not as an unhandled rejection that ends the process.
    database.catch(() => undefined);
    // The charts render while the services build, too: helm needs no build output.
    const rendering = this.renderRouting();
    rendering.catch(() => undefined);
    try {
      if (!options.skipBuild) await buildServices(options.root, this.services, output.print);
      await rendering;
      await publishControlToken(options.dataDir, options.controlToken);

      this.databaseUrl = await database;
      this.mesh = await MeshServer.start({
        config: {
          namespace: STACK_NAMESPACE,
          adminPort: options.ports.meshAdmin,
          listeners: [
            { name: 'ingress-gateway', port: options.ports.gateway, gateway: GATEWAY, host: options.gatewayService },
            ...this.services.map((service) => ({ port: options.ports.meshListeners[service], host: service })),
          ],
          workloads: meshWorkloads(this.routing.all(), this.workloadUrls(), this.workloadUrls('streams')),
          // The same variable the services inherit, so one setting traces every hop.
          tracing: process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT } : undefined,
        },
        objects: [...this.rendered.values()].flat(),
        adminToken: options.controlToken,
        logger: jsonLinesLogger((line) => output.print(formatLogLine('mesh', '\x1b[90m', line.trimEnd(), output.useColour, this.labelWidth))),
      });

      if (options.badV2) this.faults.set('delivery/v2', options.badV2);
      // Every process at once: each reaches the others through the mesh, which is already
      // listening, and a dependency that is not ready yet only delays its caller's readiness.
      for (const service of this.services) {
        for (const version of options.versions[service]) this.processes.set(`${service}/${version}`, this.createProcess(service, version));
      }
      await Promise.all([...this.processes.values()].map((process) => process.waitUntilReady()));
      if (prometheusBinary) {
        this.prometheus = await LocalPrometheus.start({ binary: prometheusBinary, dataDir: options.dataDir, port: options.ports.prometheus ?? 9090, targets: stackScrapeTargets(options.ports) });
      }
    } catch (error) {
      // A failed build must not leave a database starting or charts rendering behind it: stop()
      // stops and removes them once they are there.
      await Promise.all([database.catch(() => undefined), rendering.catch(() => undefined)]);
      await this.stop();
      throw error;
    }
  }

  /**
   * Applies new rollout values for one service: render its chart (helm validates them), reload the
   * mesh. `tracks` moves a version onto a track, as `--set tracks.<track>.version=` does on a
   * cluster; a blue/green colour that is not taking the new version keeps serving what stable serves.
   */
  async setRollout(service: string, values: RolloutValues, tracks: Record<string, string> = {}): Promise<ServiceRouting> {
    const current = this.routing.get(service);
    const versions = this.options.versions[service];
    for (const [track, version] of Object.entries(tracks)) {
      if (!(TRACKS as readonly string[]).includes(track)) throw new Error(`tracks: unknown track "${track}" (tracks: ${TRACKS.join(', ')})`);
      if (!versions.includes(version)) throw new Error(`tracks.${track}: no process runs ${service} ${version} (running: ${versions.join(', ')})`);
    }
    const assigned = { ...current.tracks, ...tracks } as ServiceRouting['tracks'];
    if (values.strategy === 'bluegreen' && current.values.strategy !== 'bluegreen') {
      const active = values.bluegreen.active;
      if (!tracks[active]) assigned[active] = current.tracks.stable;
    }
    const routing = { values, tracks: assigned };
    await this.applyRouting(service, routing);
    return routing;
  }

  /** The new version now serves the stable track (canary-style), or the switched colour stays (blue/green). */
  async promote(service: string, version: string, values: RolloutValues, strategy: string): Promise<ServiceRouting> {
    const routing = promotedRouting(this.routing.get(service), version, values, strategy);
    await this.applyRouting(service, routing);
    return routing;
  }

  /** Restarts one version with fault settings (a "bad build"), or without them. */
  /** Whether this stack runs that version of the service. */
  runs(service: string, version: string): boolean {
    return this.processes.has(`${service}/${version}`);
  }

  async setFaults(service: string, version: string, faults: FaultSettings): Promise<void> {
    const process = this.processes.get(`${service}/${version}`);
    if (!process) throw new Error(`no process runs ${service} ${version} (running: ${[...this.processes.keys()].join(', ')})`);
    this.faults.set(`${service}/${version}`, faults);
    await process.restart(faultEnv(faults));
  }

  describe(): StackDescription {
    return {
      gateway: this.gatewayUrl,
      meshAdmin: this.meshAdminUrl,
      database: withoutPassword(this.databaseUrl),
      services: Object.fromEntries(
        this.services.map((service) => [
          service,
          {
            routing: this.routing.get(service),
            meshListener: `http://127.0.0.1:${this.options.ports.meshListeners[service]}`,
            versions: this.options.versions[service].map((version) => ({
              version,
              url: this.workloadUrls()[service][version],
              faults: this.faults.get(`${service}/${version}`) ?? { errorRate: 0, delayMs: 0 },
            })),
          },
        ]),
      ),
      mesh: this.mesh?.describe(),
    };
  }

  async stop(): Promise<void> {
    await this.prometheus?.stop();
    for (const process of [...this.processes.values()].reverse()) await process.stop();
    await this.mesh?.stop();
    await this.database?.stop();
    await this.renderer?.dispose();
    await withdrawControlToken(this.options.dataDir);
  }

  private async applyRouting(service: string, routing: ServiceRouting): Promise<void> {
    if (!this.renderer || !this.mesh) throw new Error('the stack is not running');
    const objects = await this.renderer.render(service, routing);
    const all = { ...this.routing.all(), [service]: routing };
    this.rendered.set(service, objects);
    // One atomic swap: new labels and new routes take effect for the same next request.
    this.mesh.apply({ objects: [...this.rendered.values()].flat(), workloads: meshWorkloads(all, this.workloadUrls(), this.workloadUrls('streams')) });
    await this.routing.set(service, routing);
  }

  /** The routing state (saved, or the start's versions), then every service's objects from its chart. */
  private async renderRouting(): Promise<void> {
    await this.routing.load(this.options.versions);
    this.output.print('Rendering the routing from the Helm charts …');
    const renderer = await ChartRenderer.prepare(this.options.root, this.services, this.options.routingApi);
    this.renderer = renderer;
    const objects = await Promise.all(this.services.map((service) => renderer.render(service, this.routing.get(service))));
    this.services.forEach((service, index) => this.rendered.set(service, objects[index]));
  }

  private async startDatabase(): Promise<string> {
    const dataDir = path.join(this.options.dataDir, 'pglite');
    await mkdir(dataDir, { recursive: true });
    this.output.print(`Starting embedded PostgreSQL (PGlite) with data in ${path.relative(this.options.root, dataDir) || dataDir} …`);
    this.database = await spawnEmbeddedPostgres({ dataDir, port: this.options.ports.database });
    return this.database.url;
  }

  /** Each version's URL on its service port, or on its streams port. */
  private workloadUrls(port: 'services' | 'streams' = 'services'): Record<string, Record<string, string>> {
    return Object.fromEntries(Object.entries(this.options.ports[port]).map(([service, byVersion]) => [service, Object.fromEntries(Object.entries(byVersion).map(([v, p]) => [v, `http://127.0.0.1:${p}`]))]));
  }

  /** `users`, or `delivery-v2` where a service runs more than one version. */
  private labelOf(service: string, version: string): string {
    return this.options.versions[service].length > 1 ? `${service}-${version}` : service;
  }

  private createProcess(service: string, version: string): ServiceProcess {
    const { ports } = this.options;
    const track = this.routing.get(service).tracks.stable === version ? 'stable' : 'canary';
    const viaMesh = (target: string) => `http://127.0.0.1:${ports.meshListeners[target]}`;
    const env: Record<string, string> = {
      DATABASE_URL: this.databaseUrl,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      HOST: '127.0.0.1',
      APP_VERSION: version,
      APP_TRACK: track,
      ...(ports.streams[service]?.[version] ? { STREAMS_PORT: String(ports.streams[service][version]) } : {}),
      // Every service reaches every other through its mesh listener: USERS_URL, DELIVERY_URL, …
      ...Object.fromEntries(this.services.map((target) => [urlVariable(target), viaMesh(target)])),
      ...faultEnv(this.faults.get(`${service}/${version}`) ?? { errorRate: 0, delayMs: 0 }),
      // The public service (web) serves the control room, which drives this stack's admin API with
      // this run's token (web checks it on the browser's actions and sends it on to the stack).
      ...(service === this.options.gatewayService ? { STACK_ADMIN_URL: `http://127.0.0.1:${ports.stackAdmin}`, ROUTING_API: this.options.routingApi, ...controlEnv(this.options.controlToken) } : {}),
    };
    return new ServiceProcess({
      label: this.labelOf(service, version),
      labelWidth: this.labelWidth,
      colour: COLOURS[this.services.indexOf(service) % COLOURS.length],
      entry: path.join(this.options.root, 'services', service, 'dist', 'main.js'),
      port: ports.services[service][version],
      env,
      print: this.output.print,
      useColour: this.output.useColour,
    });
  }
}

function faultEnv(faults: FaultSettings): Record<string, string> {
  return { FAULT_ERROR_RATE: String(faults.errorRate), FAULT_DELAY_MS: String(faults.delayMs) };
}

/** What web needs to guard the control room: the run's token, or CONTROL_AUTH=off when the stack has none. */
function controlEnv(token: string | undefined): Record<string, string> {
  return token === undefined ? { CONTROL_AUTH: 'off' } : { CONTROL_TOKEN: token };
}
