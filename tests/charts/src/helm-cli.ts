import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type KubernetesTool } from '@courier/cluster';

export interface HelmResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Values as the test writes them; JSON is YAML, so they go to helm as a values file unchanged. */
export type Values = Record<string, unknown>;

/**
 * The real helm binary, run with its own config, cache and data directories so that neither the
 * user's repositories nor plugins change what the suite sees.
 */
export class HelmCli {
  private readonly home: string;

  constructor(readonly tool: KubernetesTool) {
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), 'courier-helm-home-'));
  }

  run(args: readonly string[]): HelmResult {
    const env = {
      ...process.env,
      HELM_CONFIG_HOME: path.join(this.home, 'config'),
      HELM_CACHE_HOME: path.join(this.home, 'cache'),
      HELM_DATA_HOME: path.join(this.home, 'data'),
    };
    const result = spawnSync(this.tool.path, args, { encoding: 'utf8', env });
    if (result.error) throw new Error(`cannot run helm at ${this.tool.path}: ${result.error.message}`);
    return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
  }

  version(): string {
    return this.run(['version', '--template', '{{.Version}}']).stdout.trim();
  }

  template(chartDir: string, release: string, values: Values, extraValueFiles: readonly string[] = []): HelmResult {
    return this.run(['template', release, chartDir, '--namespace', 'courier', ...this.valueArgs(values, extraValueFiles)]);
  }

  lint(chartDir: string, values: Values, extraValueFiles: readonly string[] = []): HelmResult {
    return this.run(['lint', '--strict', chartDir, '--namespace', 'courier', ...this.valueArgs(values, extraValueFiles)]);
  }

  dependencyBuild(chartDir: string): void {
    const result = this.run(['dependency', 'build', chartDir, '--skip-refresh']);
    if (result.status !== 0) throw new Error(`helm dependency build ${chartDir} failed:\n${result.stderr}`);
  }

  private valueArgs(values: Values, extraValueFiles: readonly string[]): string[] {
    const file = path.join(fs.mkdtempSync(path.join(this.home, 'values-')), 'values.json');
    fs.writeFileSync(file, JSON.stringify(values));
    // Later files win: the scenario's values go last, over the environment's (kind, AKS).
    return [...extraValueFiles, file].flatMap((valueFile) => ['-f', valueFile]);
  }
}
