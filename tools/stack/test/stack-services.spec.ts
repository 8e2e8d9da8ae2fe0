import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { COMPOSE_FILE, renderComposeMeshConfig, withComposeServices } from '../src/compose-files';
import { readServiceManifests } from '@courier/cluster';
import { parseStackOptions } from '../src/stack-options';
import { describeStackPlan } from '../src/stack-plan';
import { stackServices } from '../src/stack-services';

const ROOT = path.resolve(__dirname, '../../..');

/** A copy of the workspace's service manifests and docker-compose.yml, to change without touching the repository. */
function workspaceCopy(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'courier-stack-services-'));
  for (const service of readdirSync(path.join(ROOT, 'services')).filter((entry) => existsSync(path.join(ROOT, 'services', entry, 'service.yaml')))) {
    mkdirSync(path.join(root, 'services', service), { recursive: true });
    cpSync(path.join(ROOT, 'services', service, 'service.yaml'), path.join(root, 'services', service, 'service.yaml'));
  }
  cpSync(path.join(ROOT, COMPOSE_FILE), path.join(root, COMPOSE_FILE));
  return root;
}

describe('stackServices', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('runs what each service.yaml lists, 10 ports up per later version, behind its mesh listener', () => {
    expect(stackServices(ROOT)).toEqual([
      { name: 'users', versions: ['v1'], ports: { v1: 3001 }, streamsPorts: {}, meshListener: 15001, public: false },
      { name: 'delivery', versions: ['v1', 'v2'], ports: { v1: 3002, v2: 3012 }, streamsPorts: {}, meshListener: 15002, public: false },
      { name: 'web', versions: ['v1'], ports: { v1: 3000 }, streamsPorts: { v1: 3005 }, meshListener: 15000, public: true },
    ]);
  });

  it('runs delivery v3 everywhere locally after one added line in services/delivery/service.yaml', () => {
    const root = workspaceCopy();
    roots.push(root);
    const file = path.join(root, 'services/delivery/service.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  - v2\n', '  - v2\n  - v3\n'));

    // npm start -- --dry-run
    const plan = describeStackPlan(parseStackOptions(['--dry-run'], {}, root, stackServices(root)) as Exclude<ReturnType<typeof parseStackOptions>, 'help'>);
    expect(plan.find((line) => line.trim().startsWith('delivery'))).toBe('  delivery         v1 on :3002, v2 on :3012, v3 on :3022, behind the mesh listener :15002');

    // docker-compose: a third container of the same image, after v1 (which migrates), and the mesh waits for it.
    const manifests = readServiceManifests(root);
    const compose = parse(withComposeServices(readFileSync(path.join(root, COMPOSE_FILE), 'utf8'), manifests), { merge: true }) as {
      services: Record<string, { image?: string; build?: unknown; environment: Record<string, string>; depends_on?: Record<string, unknown> }>;
    };
    expect(compose.services['delivery-v3']).toMatchObject({ image: 'courier/delivery:local', environment: { APP_VERSION: 'v3', USERS_URL: 'http://mesh:15001' }, depends_on: { 'delivery-v1': { condition: 'service_healthy' } } });
    expect(compose.services['delivery-v3'].build).toBeUndefined();
    expect(Object.keys(compose.services.mesh.depends_on ?? {})).toEqual(['users', 'delivery-v1', 'delivery-v2', 'delivery-v3', 'web']);
    // It runs unrouted (no track yet), ready for a rollout: the mesh has no workload for it.
    const mesh = JSON.parse(renderComposeMeshConfig(manifests)) as { workloads: { service: string; name: string }[] };
    expect(mesh.workloads.map((workload) => `${workload.service}/${workload.name}`)).toEqual(['users/users-v1', 'delivery/delivery-v1', 'delivery/delivery-v2', 'web/web-v1', 'web-streams/web-v1']);
  });
});
