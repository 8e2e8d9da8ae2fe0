import { chartDefaults } from '../../../charts/src/service-charts';
import type { CommandRunner, ProbeTraffic, RolloutStep } from '@courier/rollout';
import type { ClusterSimulator, ToolReply } from '../cluster-sim';

/** Runs the actuator's helm and kubectl commands on the simulator, in process; a failure throws as ProcessRunner does. */
export function simulatorRunner(sim: ClusterSimulator, cwd: string): CommandRunner {
  return {
    async run(command, args) {
      const reply = await sim.handle({ tool: command, args, cwd });
      if (reply.code !== 0) throw new Error(`${[command, ...args].join(' ')} failed (exit ${reply.code}): ${reply.stderr}`);
      return reply.stdout;
    },
  };
}

/** `kubectl port-forward` on the simulator: the local URL, and the hold that ends the forward. */
export async function portForward(sim: ClusterSimulator, cwd: string, namespace: string, service: string, port: number): Promise<{ url: string; close: () => Promise<void> }> {
  const reply = await sim.handle({ tool: 'kubectl', args: ['port-forward', '--namespace', namespace, `svc/${service}`, `:${port}`, '--address', '127.0.0.1'], cwd });
  const local = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(reply.stdout)?.[1];
  if (reply.code !== 0 || !local || !reply.hold) throw new Error(`port-forward to ${namespace}/${service} failed: ${reply.stderr}`);
  const hold = reply.hold;
  return { url: `http://127.0.0.1:${local}`, close: () => hold.close() };
}

/**
 * The probe traffic the CLI sends on a cluster (cli/kubernetes-target.ts), through the simulator
 * in process: `kubectl exec` into a caller's pod for a service with meshed callers, a request
 * through the ingress gateway for web. Each probed step holds its exec or forward until it ends.
 */
export class SimulatedProbes implements ProbeTraffic {
  constructor(
    private readonly sim: ClusterSimulator,
    private readonly cwd: string,
    private readonly service: string,
    private readonly caller: string | undefined,
    /** The ingress gateway's Service (web's probes), as `kubectl port-forward` names it. */
    private readonly ingress: { namespace: string; service: string } = { namespace: 'istio-ingress', service: 'istio-ingressgateway' },
  ) {}

  /** Resolves once the simulator counts the probe, so the step's analysis window sees its traffic. */
  async start(step: RolloutStep): Promise<() => Promise<void>> {
    const probe = step.probe;
    if (!probe) return async () => undefined;
    const running = await (this.caller ? this.exec(this.caller, probe) : this.throughGateway(probe));
    return () => running.close();
  }

  private async exec(caller: string, probe: { header: string; value: string }): Promise<{ close: () => Promise<void> }> {
    const reply: ToolReply = await this.sim.handle({
      tool: 'kubectl',
      args: ['exec', '--namespace', 'courier', `deploy/${caller}-stable`, '-c', caller, '--', 'node', '-e', 'probe loop', `http://${this.service}:8080/healthz`, probe.header, probe.value, '10', '60'],
      cwd: this.cwd,
    });
    if (reply.code !== 0 || !reply.hold) throw new Error(`probe exec failed: ${reply.stderr}`);
    const hold = reply.hold;
    return { close: () => hold.close() };
  }

  private async throughGateway(probe: { header: string; value: string }): Promise<{ close: () => Promise<void> }> {
    const forward = await portForward(this.sim, this.cwd, this.ingress.namespace, this.ingress.service, 80);
    // Through the gateway only the chart's public paths are routed (ingress.paths); /healthz gets a 404.
    const [publicPath] = (chartDefaults(this.service) as { ingress: { paths: { exact?: string; prefix?: string }[] } }).ingress.paths;
    const res = await fetch(`${forward.url}${publicPath.exact ?? publicPath.prefix}`, { headers: { [probe.header]: probe.value } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`probe through the gateway answered ${res.status}`);
    return forward;
  }
}
