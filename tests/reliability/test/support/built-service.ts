import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort } from '@courier/testenv';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

export interface BuiltService {
  name: string;
  url: string;
  port: number;
  process: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** The last lines the process wrote, for failure messages. */
  output(): string;
  /** SIGKILL if still running; for clean-up only. */
  kill(): void;
}

/** Starts a service from its tsc build (`services/<name>/dist/main.js`), as a container would, and waits for /readyz. */
export async function startBuiltService(name: 'users' | 'delivery' | 'web', env: NodeJS.ProcessEnv, readyWithinMs = 30_000): Promise<BuiltService> {
  const port = await findFreePort();
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'services', name, 'dist/main.js')], {
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)) > 100 && lines.splice(0, lines.length - 100);
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const service: BuiltService = {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    process: child,
    exited,
    output: () => lines.slice(-30).join('\n'),
    kill: () => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')),
  };
  const deadline = Date.now() + readyWithinMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before it was ready:\n${service.output()}`);
    if (await fetch(`${service.url}/readyz`).then((r) => r.ok, () => false)) return service;
    await sleep(100);
  }
  service.kill();
  throw new Error(`${name} was not ready within ${readyWithinMs} ms:\n${service.output()}`);
}
