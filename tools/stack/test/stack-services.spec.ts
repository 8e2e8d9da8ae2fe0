import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stackServices } from '../src/stack-services';

/** A workspace with users and a generated `pricing` that compose runs in two versions. */
function workspace(listeners: { port: number; host: string }[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'courier-stack-services-'));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write('charts/courier/Chart.yaml', 'apiVersion: v2\nname: courier\nversion: 0.1.0\ndependencies:\n  - name: users\n    version: 0.1.0\n  - name: pricing\n    version: 0.1.0\n');
  write('services/users/Dockerfile', 'ARG SERVICE=users\nARG PORT=3001\n');
  write('services/pricing/Dockerfile', 'ARG SERVICE=pricing\nARG PORT=3010\n');
  write('docker-compose.yml', 'services:\n  users: {}\n  pricing-v1: {}\n  pricing-v2: {}\n  postgres: {}\n');
  write('deploy/compose/mesh.json', JSON.stringify({ listeners: [{ name: 'ingress-gateway', port: 8080, host: 'web', gateway: 'courier-gateway' }, ...listeners] }));
  return root;
}

describe('stackServices', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('runs what compose runs, on the Dockerfile\'s port (10 up per later version), behind compose\'s mesh listener', () => {
    const root = workspace([{ port: 15001, host: 'users' }, { port: 15003, host: 'pricing' }]);
    roots.push(root);
    expect(stackServices(root)).toEqual([
      { name: 'users', versions: ['v1'], ports: { v1: 3001 }, meshListener: 15001 },
      { name: 'pricing', versions: ['v1', 'v2'], ports: { v1: 3010, v2: 3020 }, meshListener: 15003 },
    ]);
  });

  it('names the missing mesh listener and how to add it', () => {
    const root = workspace([{ port: 15001, host: 'users' }]);
    roots.push(root);
    expect(() => stackServices(root)).toThrow('deploy/compose/mesh.json has no listener for pricing. Fix: add { "port": <next free 150xx>, "host": "pricing" } to its listeners (the service generator does)');
  });
});
