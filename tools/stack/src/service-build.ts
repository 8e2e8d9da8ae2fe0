import { spawn } from 'node:child_process';

/**
 * Builds the services and the libraries they import with Nx (tsc; cached after the first run).
 * A first start after `npm install` builds everything, which takes a while on a laptop, so each
 * project is named as Nx starts it: a newcomer sees the start working, not a silent terminal.
 */
export function buildServices(root: string, services: string[], print: (line: string) => void): Promise<void> {
  print('Building the services (cached after the first run) …');
  return new Promise((resolve, reject) => {
    const nx = spawn(process.execPath, [require.resolve('nx/bin/nx.js'), 'run-many', '-t', 'build', '-p', services.join(','), '--output-style=static'], {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: '0', NX_TUI: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    let pending = '';
    const started = Date.now();
    nx.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const progress = buildProgress(line, Date.now() - started);
        if (progress) print(progress);
      }
    });
    nx.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    nx.once('error', reject);
    nx.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`the build failed:\n${log}`))));
  });
}

/**
 * The progress line for a line of Nx's static output, or undefined: "> nx run delivery:build"
 * starts a build, and one read from the cache says so on the same line ("[local cache]").
 */
export function buildProgress(nxLine: string, elapsedMs: number): string | undefined {
  const task = /^> nx run ([\w@/.-]+):build(.*)$/.exec(nxLine.trim());
  if (!task) return undefined;
  return `  ${task[1]}${/cache/.test(task[2]) ? ' (cached)' : ''} · ${(elapsedMs / 1000).toFixed(1)} s`;
}
