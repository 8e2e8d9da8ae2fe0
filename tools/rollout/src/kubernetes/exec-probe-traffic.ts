import { spawn, type ChildProcess } from 'node:child_process';
import type { ProbeTraffic } from '../engine/probe-traffic';
import type { RolloutStep } from '../engine/rollout-plan';

/**
 * Sends a step's probe requests from inside the mesh: `kubectl exec` into a pod of one of the
 * service's callers, which runs a short Node loop (every Courier image has node). The requests
 * leave through that pod's sidecar, so the service's VirtualService header routes and its
 * AuthorizationPolicy apply exactly as for real callers. The loop stops by itself after
 * `maxSeconds`, and earlier when the step ends (kubectl is stopped).
 */
export class ExecProbeTraffic implements ProbeTraffic {
  constructor(
    private readonly options: { namespace: string; deployment: string; container: string; url: string; rps?: number; maxSeconds: number },
  ) {}

  start(step: RolloutStep): () => Promise<void> {
    const probe = step.probe;
    if (!probe) return async () => undefined;
    const { namespace, deployment, container, url, rps = 10, maxSeconds } = this.options;
    const child: ChildProcess = spawn(
      'kubectl',
      ['exec', '--namespace', namespace, `deploy/${deployment}`, '-c', container, '--', 'node', '-e', PROBE_LOOP, url, probe.header, probe.value, String(rps), String(Math.ceil(maxSeconds))],
      { stdio: 'ignore' },
    );
    const exited = new Promise<void>((resolve) => {
      child.on('exit', () => resolve());
      child.on('error', () => resolve());
    });
    return async () => {
      child.kill();
      await exited;
    };
  }
}

/** argv: url, header, value, requests per second, seconds. Errors are ignored: only the mesh's metrics count. */
const PROBE_LOOP = [
  'const [url, header, value, rps, seconds] = process.argv.slice(1);',
  'const end = Date.now() + Number(seconds) * 1000;',
  'const timer = setInterval(() => {',
  '  if (Date.now() > end) { clearInterval(timer); return; }',
  '  fetch(url, { headers: { [header]: value }, signal: AbortSignal.timeout(5000) }).then((r) => r.arrayBuffer()).catch(() => undefined);',
  '}, 1000 / Number(rps));',
].join('\n');
