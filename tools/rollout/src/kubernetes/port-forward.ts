import { spawn, type ChildProcess } from 'node:child_process';

export interface PortForwardTarget {
  namespace: string;
  /** e.g. svc/prometheus-server */
  resource: string;
  remotePort: number;
}

/** Parses "observability/prometheus-server:80" (the --prometheus-service form) into a target. */
export function parseServiceRef(ref: string, option: string): PortForwardTarget {
  const match = /^([a-z0-9-]+)\/([a-z0-9-]+):(\d+)$/.exec(ref);
  if (!match) throw new Error(`${option} must look like <namespace>/<service>:<port>, e.g. observability/prometheus-server:80 (got "${ref}")`);
  return { namespace: match[1], resource: `svc/${match[2]}`, remotePort: Number(match[3]) };
}

/**
 * `kubectl port-forward` to a Service, on a local port kubectl picks: all a build agent needs is
 * the kubeconfig it already has (no route into the cluster's network). Resolves with the local
 * URL once kubectl prints "Forwarding from 127.0.0.1:<port>".
 */
export class PortForward {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static open(target: PortForwardTarget, timeoutMs = 30_000): Promise<PortForward> {
    const child = spawn('kubectl', ['port-forward', '--namespace', target.namespace, target.resource, `:${target.remotePort}`, '--address', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const what = `kubectl port-forward -n ${target.namespace} ${target.resource} :${target.remotePort}`;
    return new Promise((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      const fail = (reason: string) => {
        clearTimeout(timer);
        child.kill();
        reject(new Error(`${what} ${reason}${stderr ? `: ${stderr.trim()}` : ''}`));
      };
      const timer = setTimeout(() => fail(`printed no "Forwarding from" line within ${timeoutMs / 1000} s`), timeoutMs);
      child.on('error', (error) => fail(`could not start (${error.message}); is kubectl installed?`));
      child.on('exit', (code) => fail(`exited with ${code}`));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const port = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(stdout)?.[1];
        if (!port) return;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.stdout.resume();
        resolve(new PortForward(`http://127.0.0.1:${port}`, child));
      });
    });
  }

  close(): void {
    this.child.kill();
  }
}
