import { parseMeshConfig } from '@courier/mesh';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { workspaceServices } from '@courier/cluster';
import { composeVersions, renderComposeRouting } from '../src/compose-routing';

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

/** docker-compose.yml is checked statically here; CI has no registry to pull its base images from. */
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

  it('publishes each host port once, on loopback only', () => {
    const published = services.flatMap(([, s]) => s.ports ?? []);
    expect(published.every((p) => p.startsWith('127.0.0.1:'))).toBe(true);
    const hostPorts = published.map((p) => p.split(':')[1]);
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
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

  it('routes by what the charts render today (deploy/compose/routing.yaml is current)', async () => {
    const committed = readFileSync(path.join(ROOT, 'deploy/compose/routing.yaml'), 'utf8');
    expect(await renderComposeRouting(ROOT)).toBe(committed);
  }, 60_000);

  it('is accepted by Compose itself (`config --quiet`): the v2 plugin, or Debian\'s docker-compose', () => {
    const cli = composeCli();
    if (!cli) {
      const message = '[docker-compose.spec] neither `docker compose` nor `docker-compose` is installed: only the static checks above ran (apt-get install docker-compose)';
      if (process.env.CI === 'true') throw new Error(message);
      process.stderr.write(`${message}\n`);
      return;
    }
    const result = spawnSync(cli[0], [...cli.slice(1), '-f', path.join(ROOT, 'docker-compose.yml'), 'config', '--quiet'], { encoding: 'utf8' });
    expect({ cli: cli.join(' '), status: result.status, stderr: result.stderr }).toEqual({ cli: cli.join(' '), status: 0, stderr: '' });
  });
});

/** The Compose CLI on this machine: the v2 plugin if present, else the standalone v1 (Debian bookworm ships 1.29). */
function composeCli(): string[] | undefined {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0) return ['docker-compose'];
  return undefined;
}
