import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readServiceManifests, versionPorts } from '../src/service-manifest';
import { workspaceServices } from '../src/workspace-services';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A workspace holding only these `services/<name>/service.yaml` files (and packages, where given). */
function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'courier-manifests-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const manifest = (name: string, lines: string[] = []) => [`name: ${name}`, 'port: 3100', 'meshListener: 15100', 'versions: [v1]', 'database: false', ...lines].join('\n');

function problemsOf(files: Record<string, string>): string[] {
  const root = workspace(files);
  try {
    readServiceManifests(root);
    return [];
  } catch (error) {
    return (error as Error).message.split('\n').slice(1).map((line) => line.trim());
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('services/<name>/service.yaml', () => {
  it('lists the workspace\'s services, each after those it calls', () => {
    expect(workspaceServices(ROOT)).toEqual(['users', 'delivery', 'web']);
    const delivery = readServiceManifests(ROOT).find((service) => service.name === 'delivery');
    expect(delivery).toEqual({ name: 'delivery', port: 3002, meshListener: 15002, versions: ['v1', 'v2'], calls: ['users'], database: true, public: false });
    expect(versionPorts(delivery!)).toEqual({ v1: 3002, v2: 3012 });
  });

  it('picks up a generated service, after the services it calls', () => {
    const root = workspace({
      'services/users/service.yaml': manifest('users', ['port: 3001', 'meshListener: 15001'].map((line) => line)).replace('port: 3100\n', '').replace('meshListener: 15100\n', ''),
      'services/pricing/service.yaml': manifest('pricing', ['calls: [users]']),
      'services/audit/service.yaml': manifest('audit').replace('3100', '3200').replace('15100', '15200'),
    });
    try {
      expect(workspaceServices(root)).toEqual(['audit', 'users', 'pricing']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('names the file and the field of every problem, all at once', () => {
    expect(problemsOf({
      'services/pricing/service.yaml': manifest('pricing', ['versions: [v1, version-2]']).replace('versions: [v1]\n', ''),
      'services/billing/service.yaml': manifest('invoices').replace('port: 3100', 'port: 80'),
      'services/audit/service.yaml': 'name: audit\nport: 3300\nmeshListener: 15300\nversions: [v1]\ndatabase: maybe\ncolour: blue\n',
      'services/orphan/package.json': '{"name":"@courier/orphan"}\n',
    })).toEqual([
      'services/audit/service.yaml: database: Invalid input: expected boolean, received string',
      'services/audit/service.yaml: (top level): Unrecognized key: "colour"',
      'services/billing/service.yaml: port: must be a port from 1024 to 65535',
      'services/orphan/service.yaml: missing; every service under services/ has one (npx nx g ./tools/generators:service writes it)',
      'services/pricing/service.yaml: versions.1: must look like v1, v2, …',
    ]);
  });

  it('checks what spans services: the name is the folder, calls exist, ports are used once, one public service', () => {
    expect(problemsOf({
      'services/pricing/service.yaml': manifest('prices', ['calls: [ledger]', 'public: true']),
      'services/quotes/service.yaml': manifest('quotes', ['public: true']).replace('versions: [v1]', 'versions: [v1, v2]').replace('port: 3100', 'port: 3090'),
    })).toEqual([
      'services/pricing/service.yaml: name: must be "pricing", the folder it is in',
      'services/pricing/service.yaml: calls.0: no service "ledger" (services/ledger/service.yaml)',
      'services/quotes/service.yaml: versions (v2 on 3100): port 3100 is taken by prices v1',
      'services/quotes/service.yaml: meshListener: port 15100 is taken by prices\'s mesh listener',
      'services/*/service.yaml: public: only one service faces the ingress gateway (prices, quotes say they do)',
    ]);
    expect(problemsOf({
      'services/alpha/service.yaml': manifest('alpha', ['calls: [beta]']),
      'services/beta/service.yaml': manifest('beta', ['calls: [alpha]']).replace('3100', '3200').replace('15100', '15200'),
    })).toEqual(['services/*/service.yaml: calls: alpha, beta call each other in a cycle']);
  });
});
