import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseCliOptions, CLI_USAGE, type CliOptions } from './cli-options';
import { ConfigWatcher } from './config-watcher';
import { type KubernetesObject } from './istio-objects';
import { type MeshConfig, parseMeshConfig } from './mesh-config';
import { MeshConfigError } from './mesh-config-error';
import { jsonLinesLogger } from './mesh-logger';
import { MeshServer } from './mesh-server';
import { parseObjects } from './object-loader';
import { loadObjectFiles } from './object-sources';

const logger = jsonLinesLogger();

function readConfig(file: string): MeshConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  return parseMeshConfig(parsed);
}

function readObjects(options: CliOptions): KubernetesObject[] {
  const files = options.objectPaths.filter((entry) => entry !== '-');
  const objects = loadObjectFiles(files);
  if (options.objectPaths.includes('-')) objects.push(...parseObjects(readFileSync(0, 'utf8'), 'standard input'));
  return objects;
}

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(`${CLI_USAGE}\n`);
    return;
  }
  const config = readConfig(options.configFile);
  if (options.adminPort !== undefined) config.adminPort = options.adminPort;
  if (options.accessLog) config.accessLog = true;
  // The same variable the services read, so one setting traces every hop (docker-compose sets it).
  const otlpEndpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!config.tracing && otlpEndpoint) config.tracing = parseMeshConfig({ ...config, tracing: { otlpEndpoint, serviceName: process.env.OTEL_SERVICE_NAME } }).tracing;
  const mesh = await MeshServer.start({ config, objects: readObjects(options), logger, adminToken: adminToken() });

  const watchers: ConfigWatcher[] = [];
  if (options.watch) {
    if (options.objectPaths.length > 0) {
      watchers.push(new ConfigWatcher(options.objectPaths, () => reload('objects', () => mesh.applyObjects(readObjects(options)))));
    }
    watchers.push(new ConfigWatcher([options.configFile], () => reload('workloads', () => {
      const next = readConfig(options.configFile);
      if (JSON.stringify(next.listeners) !== JSON.stringify(config.listeners) || next.adminPort !== config.adminPort) {
        logger.warn('listener or port changes in the mesh config need a restart; applying its workloads only');
      }
      return mesh.applyWorkloads(next.workloads);
    })));
    logger.info('watching for changes', { paths: [...options.objectPaths, options.configFile] });
  }

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: draining in-flight requests`);
    for (const watcher of watchers) watcher.stop();
    await mesh.stop();
    logger.info('mesh stopped');
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));
}

/**
 * The bearer token admin changes need: MESH_ADMIN_TOKEN, or else one nobody knows, so that changes
 * come only through the watched files (what docker-compose uses) and never from whoever can reach the port.
 */
function adminToken(): string {
  const configured = process.env.MESH_ADMIN_TOKEN;
  if (configured) return configured;
  logger.info('admin changes (PUT /config, /workloads) are off: set MESH_ADMIN_TOKEN to allow them with that bearer token; --watch applies file changes');
  return randomBytes(32).toString('base64url');
}

function reload(what: string, apply: () => { version: number }): void {
  try {
    const { version } = apply();
    logger.info(`reloaded ${what}`, { version });
  } catch (error) {
    const problems = error instanceof MeshConfigError ? error.problems : [(error as Error).message];
    logger.error(`new ${what} rejected; routing unchanged`, { problems });
  }
}

main().catch((error: Error) => {
  const problems = error instanceof MeshConfigError ? error.problems : [error.message];
  logger.error('courier-mesh could not start', { problems });
  process.exit(1);
});
