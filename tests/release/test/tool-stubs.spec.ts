import { execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createToolStubs, type ToolCall, type ToolReply, type ToolStubs } from '../src/tool-stubs';

const run = promisify(execFile);
let stubs: ToolStubs | undefined;
afterEach(async () => {
  await stubs?.close();
  stubs = undefined;
});

/** Async on purpose: a synchronous spawn would block the event loop that answers the stubs. */
function runToEnd(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const envWith = (binDir: string) => ({ ...process.env, PATH: `${binDir}:${process.env.PATH}`, COURIER_PROBE: 'from-the-caller' });

describe('createToolStubs', () => {
  it('forwards argv, cwd, env and piped stdin, and replays stdout, stderr and the exit code', async () => {
    stubs = await createToolStubs(['helm'], async (call) => ({ code: 3, stdout: `out:${call.args.join('|')}:${call.stdin ?? 'none'}\n`, stderr: 'err\n' }));
    const result = await runToEnd('bash', ['-c', 'printf secret | helm registry login x --password-stdin'], { cwd: '/tmp', env: envWith(stubs.binDir) });
    expect(result.status).toBe(3);
    expect(result.stdout).toBe('out:registry|login|x|--password-stdin:secret\n');
    expect(result.stderr).toBe('err\n');
    expect(stubs.calls).toEqual([expect.objectContaining({ tool: 'helm', args: ['registry', 'login', 'x', '--password-stdin'], cwd: '/tmp', stdin: 'secret' })]);
    expect(stubs.calls[0].env?.COURIER_PROBE).toBe('from-the-caller');
  });

  it('does not wait for stdin that a spawning program never closes (execFile), nor read /dev/null', async () => {
    stubs = await createToolStubs(['kubectl'], async () => ({ code: 0, stdout: 'ok', stderr: '' }));
    const { stdout } = await run(path.join(stubs.binDir, 'kubectl'), ['get', 'pods'], { timeout: 10_000 });
    expect(stdout).toBe('ok');
    await runToEnd('bash', ['-c', 'kubectl version < /dev/null'], { env: envWith(stubs.binDir) });
    expect(stubs.calls.map((c) => c.stdin)).toEqual([undefined, undefined]);
  });

  it('reaches the backend from a program started by another stubbed call (the rollout CLI calling helm)', async () => {
    stubs = await createToolStubs(['npx', 'helm'], async (call): Promise<ToolReply> => {
      if (call.tool === 'helm') return { code: 0, stdout: `helm saw ${call.args.join(' ')}`, stderr: '' };
      // What the executor does for `npx courier`: a real child process, with the caller's PATH.
      const child = await run(process.execPath, ['-e', "process.stdout.write(require('node:child_process').execFileSync('helm', ['status', 'users']))"], { env: call.env as NodeJS.ProcessEnv });
      return { code: 0, stdout: `[${child.stdout}]`, stderr: '' };
    });
    const { stdout } = await run('npx', ['courier'], { env: envWith(stubs.binDir) });
    expect(stdout).toBe('[helm saw status users]');
    expect(stubs.calls.map((c) => c.tool)).toEqual(['npx', 'helm']);
  });

  it('answers many concurrent calls, each with its own reply', async () => {
    stubs = await createToolStubs(['kubectl'], async (call) => {
      await new Promise((resolve) => setTimeout(resolve, 20 * (Number(call.args[0]) % 3)));
      return { code: Number(call.args[0]) % 2, stdout: call.args[0], stderr: '' };
    });
    const numbers = Array.from({ length: 16 }, (_, i) => String(i));
    const replies = await Promise.all(
      numbers.map((n) => run(path.join(stubs!.binDir, 'kubectl'), [n]).then((r) => ({ out: r.stdout, code: 0 }), (e: { stdout: string; code: number }) => ({ out: e.stdout, code: e.code }))),
    );
    expect(replies).toEqual(numbers.map((n) => ({ out: n, code: Number(n) % 2 })));
    expect(stubs.calls).toHaveLength(16);
  });

  it('keeps a held program alive after its output until it is killed, then closes the hold', async () => {
    let closed = 0;
    stubs = await createToolStubs(['kubectl'], async () => ({ code: 0, stdout: 'Forwarding from 127.0.0.1:4321 -> 80\n', stderr: '', hold: { close: async () => void closed++ } }));
    const child = spawn(path.join(stubs.binDir, 'kubectl'), ['port-forward', 'svc/prometheus-server', ':80'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const firstLine = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    expect(firstLine).toBe('Forwarding from 127.0.0.1:4321 -> 80\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(child.exitCode).toBeNull();
    expect(closed).toBe(0);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    expect(closed).toBe(1);
  });

  it('close() kills a stub still holding and closes its hold', async () => {
    let closed = 0;
    stubs = await createToolStubs(['kubectl'], async () => ({ code: 0, stdout: 'held\n', stderr: '', hold: { close: async () => void closed++ } }));
    const child = spawn(path.join(stubs.binDir, 'kubectl'), ['exec', 'caller'], { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await stubs.close();
    stubs = undefined;
    await exited;
    expect(closed).toBe(1);
  });

  it('a backend that throws fails the call with exit code 70 and the error on stderr', async () => {
    stubs = await createToolStubs(['helm'], async (call: ToolCall): Promise<ToolReply> => {
      throw new Error(`no model for ${call.args[0]}`);
    });
    const result = await runToEnd(path.join(stubs.binDir, 'helm'), ['frobnicate']);
    expect(result.status).toBe(70);
    expect(result.stderr).toContain('no model for frobnicate');
  });
});
