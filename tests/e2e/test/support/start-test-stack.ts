import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LocalStack } from '../../../../tools/stack/src/local-stack';
import { ROUTING_APIS, type RoutingApi, type StackOptions } from '../../../../tools/stack/src/stack-options';
import { stackServices } from '../../../../tools/stack/src/stack-services';

export interface TestStack {
  stack: LocalStack;
  options: StackOptions;
  /** The processes' last warnings and errors, for failure messages of tests that run long enough to lose them from the log. */
  problems(): string[];
  close(): Promise<void>;
}

function routingApiFromEnv(): RoutingApi {
  const api = process.env.COURIER_ROUTING_API ?? 'istio';
  if ((ROUTING_APIS as readonly string[]).includes(api)) return api as RoutingApi;
  throw new Error(`COURIER_ROUTING_API must be ${ROUTING_APIS.join(' or ')} (got "${api}")`);
}

/** What npm start runs: users v1, delivery v1 and v2, web v1. */
const NPM_START_VERSIONS: Record<string, string[]> = { users: ['v1'], delivery: ['v1', 'v2'], web: ['v1'] };

/**
 * `npm start`'s stack on free ports, from the built services, on the test database. `versions`
 * runs other versions side by side (web v2 for a canary of web), in start order. `ownDatabase`:
 * an embedded PostgreSQL of its own, as npm start has, for a suite that empties the data.
 * `routingApi`: the charts' routing.api, as `npm start -- --routing` sets it; COURIER_ROUTING_API
 * (istio by default) sets it for every suite at once, as .ci/under-load.sh does with gateway-api.
 */
export async function startTestStack(versions: Record<string, string[]> = NPM_START_VERSIONS, { ownDatabase = false, routingApi = routingApiFromEnv() } = {}): Promise<TestStack> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'courier-stack-'));
  const root = path.resolve(__dirname, '../../../..');
  const withStreams = stackServices(root).filter((service) => Object.keys(service.streamsPorts).length > 0).map((service) => service.name);
  const ports = await distinctFreePorts(7 + 2 * Object.values(versions).flat().length);
  const port = () => ports.pop() as number;
  const portPerVersion = (services: string[]) => Object.fromEntries(services.map((service) => [service, Object.fromEntries(versions[service].map((version) => [version, port()]))]));
  const options: StackOptions = {
    root,
    dataDir,
    ports: {
      gateway: port(),
      meshAdmin: port(),
      stackAdmin: port(),
      database: port(),
      services: portPerVersion(Object.keys(versions)),
      streams: portPerVersion(withStreams),
      meshListeners: Object.fromEntries(Object.keys(versions).map((service) => [service, port()])),
    },
    versions,
    gatewayService: 'web',
    badV2: undefined,
    databaseUrl: ownDatabase ? undefined : process.env.DATABASE_URL,
    skipBuild: true,
    routingApi,
    // As npm start does: every change on the three control surfaces needs this run's token.
    controlToken: randomBytes(24).toString('base64url'),
  };
  // Quiet unless it fails: then the last lines of the processes' logs explain why.
  const log: string[] = [];
  const problems: string[] = [];
  const keep = (lines: string[], line: string, most: number) => lines.push(line) > most && lines.shift();
  const print = (line: string) => {
    keep(log, line, 200);
    if (/\b(warn|error|fatal)\b/i.test(line)) keep(problems, line, 50);
  };
  const stack = new LocalStack(options, { print, useColour: false });
  try {
    await stack.start();
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- stack log ---\n${log.slice(-40).join('\n')}`);
  }
  return {
    stack,
    options,
    problems: () => [...problems],
    async close() {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Free ports that are all different: each is held open until every one has been chosen. */
async function distinctFreePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
      servers.push(server);
    }
    return servers.map((server) => (server.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
