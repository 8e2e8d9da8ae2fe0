import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatLogLine } from './log-line-formatter';

export interface ServiceProcessOptions {
  /** Shown in the log column, e.g. `delivery-v2`, padded to `labelWidth`. */
  label: string;
  labelWidth: number;
  colour: string;
  /** The built entry point, e.g. services/users/dist/main.js. */
  entry: string;
  port: number;
  env: Record<string, string>;
  /** Receives each formatted log line. */
  print: (line: string) => void;
  useColour: boolean;
}

const READY_TIMEOUT_MS = 60_000;
/**
 * V8's young generation grows to 16 MiB semi-spaces by default and keeps them at idle. The local
 * stack runs four services on a laptop, so each gets 2 MiB: 25 MiB less resident memory per
 * service, and no throughput change we could measure (bench/README.md, "Memory"). Only the local
 * stack sets this; the images leave V8 its defaults.
 */
const SERVICE_NODE_FLAGS = ['--max-semi-space-size=2'];
const STOP_TIMEOUT_MS = 20_000;

/** One Courier service running as a child process, with its logs made readable. */
export class ServiceProcess {
  private child!: ChildProcess;
  private exited!: Promise<number | null>;

  constructor(private readonly options: ServiceProcessOptions) {
    this.spawn();
  }

  private spawn(): void {
    const { options } = this;
    this.child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, options.entry], {
      env: { ...process.env, ...options.env, PORT: String(options.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => options.print(formatLogLine(options.label, options.colour, line, options.useColour, options.labelWidth)));
    }
    const child = this.child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Restarts with changed settings (a "bad build" gets fault settings), and waits until it is ready. */
  async restart(env: Record<string, string>): Promise<void> {
    await this.stop();
    Object.assign(this.options.env, env);
    this.spawn();
    await this.waitUntilReady();
  }

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get label(): string {
    return this.options.label;
  }

  /** Polls /readyz until it answers 200; fails fast if the process exits (bad config, port in use). */
  async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let exitCode: number | null | undefined;
    void this.exited.then((code) => (exitCode = code));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`${this.options.label} exited with code ${exitCode} before it was ready (see its log above)`);
      try {
        const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(150);
    }
    throw new Error(`${this.options.label} was not ready on ${this.url}/readyz within ${READY_TIMEOUT_MS / 1000} s`);
  }

  /** SIGTERM lets the service drain (readiness red, in-flight requests finish); SIGKILL only if it hangs. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }
}
