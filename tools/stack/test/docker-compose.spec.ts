import { parseMeshConfig } from '@courier/mesh';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { workspaceServices } from '@courier/cluster';
import { STABLE_ONLY } from '@courier/rollout';
import { composeFiles, composeVersions, renderComposeRouting } from '../src/compose-routing';

const ROOT = path.resolve(__dirname, '../../..');
// Compose applies YAML merge keys (`<<: *courier-service`), so the test parses with them too.
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: { dockerfile: string }; healthcheck?: unknown; ports?: string[]; volumes?: string[]; depends_on?: Record<string, { condition: string }> }>;
};
const services = Object.entries(compose.services);
/** Containers that are not Courier services: the database, the mesh and the observability stack. */
const PLATFORM = ['postgres', 'mesh', 'prometheus', 'grafana', 'jaeger'];
/** The services as the umbrella chart installs them, so a generated fourth service is covered too. */
const SERVICES = workspaceServices(ROOT);

/** docker-compose.yml is checked statically here; .ci/compose.sh runs it for real in CI. */
describe('docker-compose.yml', () => {
  it('runs the whole system: the platform containers and every service the umbrella chart installs', () => {
    const names = Object.keys(compose.services);
    expect(PLATFORM.filter((name) => !names.includes(name))).toEqual([]);
    for (const service of SERVICES) {
      // A service runs as `<name>`, or once per version as `<name>-v1`, `<name>-v2`… (delivery).
      const containers = names.filter((name) => name === service || new RegExp(`^${service}-v\\d+$`).test(name));
      expect({ service, containers: containers.length > 0 }).toEqual({ service, containers: true });
    }
    const unexplained = names.filter((name) => !PLATFORM.includes(name) && !SERVICES.some((service) => name === service || name.startsWith(`${service}-v`)));
    expect(unexplained).toEqual([]);
  });

  it.each(services)('%s has a pinned image (never latest) or a build of a real Dockerfile', (_name, service) => {
    expect(service.image).toBeDefined();
    expect(service.image).toMatch(/^[\w./-]+:[\w.-]+$/);
    expect(service.image).not.toMatch(/:latest$/);
    if (service.build) expect(existsSync(path.join(ROOT, service.build.dockerfile))).toBe(true);
  });

  it.each(services)('%s has a healthcheck', (_name, service) => {
    expect(service.healthcheck).toBeDefined();
  });

  it('publishes each host port once, on loopback only, each movable by its own COURIER_*_PORT variable', () => {
    const published = services.flatMap(([, s]) => s.ports ?? []).map((p) => p.match(/^127\.0\.0\.1:\$\{(COURIER_\w+_PORT):-(\d+)\}:\d+$/));
    expect(published.every(Boolean)).toBe(true);
    const variables = published.map((m) => m![1]);
    const defaults = published.map((m) => m![2]);
    expect(new Set(variables).size).toBe(variables.length);
    expect(new Set(defaults).size).toBe(defaults.length);
  });

  it('waits for healthy dependencies, never just started ones', () => {
    for (const [name, service] of services) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: 'service_healthy' });
        expect(compose.services[dependency]).toBeDefined();
      }
    }
  });

  it('mounts only files that exist', () => {
    for (const [, service] of services) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('./')) expect({ volume, exists: existsSync(path.join(ROOT, source)) }).toEqual({ volume, exists: true });
      }
    }
  });

  it('gives the mesh a valid config whose workloads cover every subset of the routing', () => {
    const config = parseMeshConfig(JSON.parse(readFileSync(path.join(ROOT, 'deploy/compose/mesh.json'), 'utf8')));
    const objects = parseAllDocuments(readFileSync(path.join(ROOT, 'deploy/compose/routing.yaml'), 'utf8')).map((d) => d.toJS());
    for (const rule of objects.filter((o) => o?.kind === 'DestinationRule')) {
      for (const subset of rule.spec.subsets as { name: string; labels: Record<string, string> }[]) {
        const match = config.workloads.find((w) => w.service === rule.spec.host && Object.entries(subset.labels).every(([k, v]) => w.labels?.[k] === v));
        expect({ host: rule.spec.host, subset: subset.name, found: Boolean(match) }).toEqual({ host: rule.spec.host, subset: subset.name, found: true });
      }
    }
  });

  it('routes the versions compose runs: users v1, delivery v1 and v2, web v1', () => {
    expect(composeVersions(ROOT)).toEqual({ users: ['v1'], delivery: ['v1', 'v2'], web: ['v1'] });
  });

  it('is current: routing.yaml from the charts, mesh.json and the service containers from services/*/service.yaml', async () => {
    const stale = Object.entries(await composeFiles(ROOT)).filter(([file, text]) => readFileSync(path.join(ROOT, file), 'utf8') !== text).map(([file]) => file);
    // Fix: node tools/stack/bin/render-compose-routing.js
    expect(stale).toEqual([]);
  }, 60_000);

  it('renders a canary step of one service for `courier rollout --target compose`, the others stable', async () => {
    const objects = parseAllDocuments(await renderComposeRouting(ROOT, { delivery: { ...STABLE_ONLY, strategy: 'canary', canary: { weight: 25 } } })).map((d) => d.toJS());
    const weights = (host: string) =>
      objects
        .filter((o) => o?.kind === 'VirtualService' && o.spec.hosts.includes(host))
        .flatMap((o) => o.spec.http.at(-1).route.map((r: { destination: { subset: string }; weight: number }) => `${r.destination.subset} ${r.weight}`));
    expect(weights('delivery')).toEqual(['stable 75', 'canary 25']);
    expect(weights('users')).toEqual(['stable 100']);
    await expect(renderComposeRouting(ROOT, { billing: STABLE_ONLY })).rejects.toThrow(/runs no service named billing/);
  }, 60_000);

  it('is accepted by Compose itself (`config --quiet`): the v2 plugin, or Debian\'s docker-compose', () => {
    expectComposeAccepts(['docker-compose.yml']);
  });
});

/** deploy/compose/ci.override.yml: what CI changes to run compose without a registry (.ci/compose.sh). */
describe('the CI override of docker-compose.yml', () => {
  const override = parse(readFileSync(path.join(ROOT, 'deploy/compose/ci.override.yml'), 'utf8')) as {
    services: Record<string, { image?: string; profiles?: string[]; build?: unknown }>;
  };
  /** TAG=… of each stand-in recipe under .ci/standins/. */
  const standinTags = readdirSync(path.join(ROOT, '.ci/standins'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => readFileSync(path.join(ROOT, '.ci/standins', entry.name, 'recipe.sh'), 'utf8').match(/^TAG=(\S+)$/m)?.[1]);

  it('swaps only third-party images, each for a stand-in that .ci/standins builds', () => {
    const swapped = Object.entries(override.services).filter(([, s]) => s.image);
    expect(swapped.map(([name]) => name).filter((name) => compose.services[name]?.build)).toEqual([]);
    expect(swapped.map(([, s]) => s.image).sort()).toEqual([...standinTags].sort());
    expect(Object.values(override.services).some((s) => s.build)).toBe(false);
  });

  it('leaves out exactly the containers that have no stand-in, behind a profile CI never enables', () => {
    const disabled = Object.entries(override.services).filter(([, s]) => s.profiles).map(([name]) => name);
    const swapped = Object.entries(override.services).filter(([, s]) => s.image).map(([name]) => name);
    const thirdParty = Object.entries(compose.services).filter(([, s]) => !s.build && !/^courier\//.test(s.image ?? '')).map(([name]) => name);
    expect([...disabled, ...swapped].sort()).toEqual(thirdParty.sort());
    expect(readFileSync(path.join(ROOT, '.ci/compose.sh'), 'utf8')).not.toMatch(/--profile/);
  });

  it('can turn trace export off everywhere with one variable (COURIER_OTLP_ENDPOINT, which compose.sh sets empty)', () => {
    const endpoints = Object.entries(compose.services).flatMap(([name, s]) => {
      const endpoint = (s as { environment?: Record<string, string> }).environment?.OTEL_EXPORTER_OTLP_ENDPOINT;
      return endpoint === undefined ? [] : [{ name, endpoint }];
    });
    expect(endpoints.length).toBeGreaterThan(0);
    for (const { name, endpoint } of endpoints) expect({ name, endpoint }).toEqual({ name, endpoint: '${COURIER_OTLP_ENDPOINT-http://jaeger:4318}' });
    expect(readFileSync(path.join(ROOT, '.ci/compose.sh'), 'utf8')).toMatch(/^export COURIER_OTLP_ENDPOINT=$/m);
  });

  it('is accepted by Compose on top of docker-compose.yml', () => {
    expectComposeAccepts(['docker-compose.yml', 'deploy/compose/ci.override.yml'], { COURIER_COMPOSE_MESH_DIR: path.join(ROOT, 'deploy/compose') });
  });
});

/** `config --quiet` of these files by Compose itself; without a Compose CLI, loud (and a failure in CI). */
function expectComposeAccepts(files: string[], env: Record<string, string> = {}): void {
  const cli = composeCli();
  if (!cli) {
    const message = `[docker-compose.spec] neither \`docker compose\` nor \`docker-compose\` is installed: ${files.join(' + ')} checked statically only (apt-get install docker-compose)`;
    if (process.env.CI === 'true') throw new Error(message);
    process.stderr.write(`${message}\n`);
    return;
  }
  const args = [...cli.slice(1), ...files.flatMap((file) => ['-f', path.join(ROOT, file)]), 'config', '--quiet'];
  const result = spawnSync(cli[0], args, { encoding: 'utf8', env: { ...process.env, ...env } });
  expect({ cli: cli.join(' '), status: result.status, stderr: result.stderr }).toEqual({ cli: cli.join(' '), status: 0, stderr: '' });
}

/** The Compose CLI on this machine: the v2 plugin if present, else the standalone v1 (Debian bookworm ships 1.29). */
function composeCli(): string[] | undefined {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0) return ['docker-compose'];
  return undefined;
}
