import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { workspaceServices } from '../src/workspace-services';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('workspaceServices', () => {
  it('lists the umbrella chart\'s services in its order', () => {
    expect(workspaceServices(ROOT)).toEqual(['users', 'delivery', 'web']);
  });

  it('picks up a generated service, and skips an umbrella chart that has no service to build', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'courier-workspace-'));
    try {
      mkdirSync(path.join(root, 'charts/courier'), { recursive: true });
      writeFileSync(
        path.join(root, 'charts/courier/Chart.yaml'),
        ['apiVersion: v2', 'name: courier', 'version: 0.1.0', 'dependencies:', ...['users', 'pricing', 'addon'].flatMap((name) => [`  - name: ${name}`, '    version: 0.1.0'])].join('\n'),
      );
      for (const service of ['users', 'pricing']) {
        mkdirSync(path.join(root, 'services', service), { recursive: true });
        writeFileSync(path.join(root, 'services', service, 'Dockerfile'), 'FROM scratch\n');
      }
      expect(workspaceServices(root)).toEqual(['users', 'pricing']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
