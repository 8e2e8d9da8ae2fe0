import { spawnEmbeddedPostgres, type SpawnedEmbeddedPostgres } from '@courier/testenv';
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ServiceProcess } from './service-process';
import type { StackOptions } from './stack-options';

const SERVICES = ['users', 'delivery', 'web'] as const;

export interface RunningStack {
  databaseUrl: string;
  services: ServiceProcess[];
  stop(): Promise<void>;
}

export interface StackOutput {
  print: (line: string) => void;
  useColour: boolean;
}

/**
 * Starts Courier locally: the database (embedded PGlite unless DATABASE_URL is given), then
 * users, delivery and web, each waiting for the previous to be ready. Each service applies its own
 * migrations on start. Stops in reverse order.
 */
export async function startLocalStack(options: StackOptions, output: StackOutput): Promise<RunningStack> {
  if (!options.skipBuild) await buildServices(options.root, output);

  let database: SpawnedEmbeddedPostgres | undefined;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    const dataDir = path.join(options.dataDir, 'pglite');
    await mkdir(dataDir, { recursive: true });
    output.print(`Starting embedded PostgreSQL (PGlite) with data in ${path.relative(options.root, dataDir) || dataDir} …`);
    database = await spawnEmbeddedPostgres({ dataDir, port: options.ports.database });
    databaseUrl = database.url;
  }

  const common = { DATABASE_URL: databaseUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', HOST: '127.0.0.1' };
  const env: Record<(typeof SERVICES)[number], Record<string, string>> = {
    users: { ...common },
    delivery: { ...common, USERS_URL: `http://127.0.0.1:${options.ports.users}` },
    web: { ...common, USERS_URL: `http://127.0.0.1:${options.ports.users}`, DELIVERY_URL: `http://127.0.0.1:${options.ports.delivery}` },
  };
  const colours = { users: '\x1b[35m', delivery: '\x1b[34m', web: '\x1b[32m' };

  const services: ServiceProcess[] = [];
  const stop = async () => {
    for (const service of [...services].reverse()) await service.stop();
    await database?.stop();
  };
  try {
    for (const name of SERVICES) {
      const service = new ServiceProcess({
        label: name,
        colour: colours[name],
        entry: path.join(options.root, 'services', name, 'dist', 'main.js'),
        port: options.ports[name],
        env: env[name],
        print: output.print,
        useColour: output.useColour,
      });
      services.push(service);
      await service.waitUntilReady();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { databaseUrl, services, stop };
}

async function buildServices(root: string, output: StackOutput): Promise<void> {
  output.print('Building the services (cached after the first run) …');
  try {
    await promisify(execFile)(process.execPath, [require.resolve('nx/bin/nx.js'), 'run-many', '-t', 'build', '-p', SERVICES.join(','), '--output-style=static'], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`the build failed:\n${stdout}${stderr}`);
  }
}
