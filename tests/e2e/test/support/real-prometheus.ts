import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort } from '@courier/testenv';

export interface RealPrometheus {
  url: string;
  stop(): Promise<void>;
}

/** A real Prometheus on a free port, scraping the given targets every second into a temp TSDB. */
export async function startPrometheus(binary: string, targets: string[]): Promise<RealPrometheus> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'courier-prometheus-'));
  const port = await findFreePort();
  const config = [
    'global: { scrape_interval: 1s, evaluation_interval: 1s }',
    'scrape_configs:',
    '  - job_name: courier-mesh',
    `    static_configs: [{ targets: [${targets.map((t) => `"${t}"`).join(', ')}] }]`,
  ].join('\n');
  await writeFile(path.join(dir, 'prometheus.yml'), `${config}\n`);
  const child: ChildProcess = spawn(
    binary,
    [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}`);
    if (await fetch(`${url}/-/ready`).then((r) => r.ok, () => false)) break;
    await sleep(200);
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
