import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = path.resolve(__dirname, '..', 'bin', 'courier-cluster.js');

/** Runs the real CLI with a PATH holding none of the cluster tools, so the output is the same on every machine. */
function cli(...args: string[]) {
  const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), 'courier-cluster-path-'));
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, PATH: emptyPath } });
  fs.rmSync(emptyPath, { recursive: true, force: true });
  return result;
}

describe('courier-cluster CLI', () => {
  it('prints the exact `up` plan with --dry-run, and says which prerequisites are missing', () => {
    const result = cli('up', '--dry-run', '--tag', 'v0.1.0');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatchSnapshot();
  });

  it('prints the `down` and `status` plans with --dry-run', () => {
    expect(cli('down', '--dry-run').stdout).toMatchSnapshot();
    expect(cli('status', '--dry-run', '--name', 'demo').stdout).toMatchSnapshot();
  });

  it('refuses to run `up` without its prerequisites, naming each missing one (exit code 2)', () => {
    const result = cli('up', '--tag', 'v0.1.0');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('courier-cluster: Missing prerequisites: docker, kind\n');
    expect(result.stderr).toContain('  - docker: https://docs.docker.com/get-docker/\n');
    expect(result.stdout).toBe('');
  });

  it('rejects a floating image tag with the usage text (exit code 2)', () => {
    const result = cli('up', '--dry-run', '--tag', 'latest');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--tag must be a version such as v1.2.0');
    expect(result.stderr).toContain('(got latest)');
    expect(result.stderr).toContain('Usage: courier-cluster <up|down|status>');
  });
});
