import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Actuator } from '../actuators/actuator';
import { ProcessRunner } from '../actuators/command-runner';
import { ComposeActuator } from '../actuators/compose-actuator';
import { LocalActuator } from '../actuators/local-actuator';
import { readControlToken } from '../actuators/stack-admin-call';
import { loadRolloutConfig, thresholdsFor } from '../analysis/rollout-config';
import { intervalMsFor, planFor } from '../engine/rollout-session';
import { RolloutEngine } from '../engine/rollout-engine';
import type { RolloutPlan } from '../engine/rollout-plan';
import { HttpProbeTraffic } from '../engine/probe-traffic';
import { exitCodeFor } from '../engine/rollout-report';
import { MeshMetrics } from '../metrics/mesh-metrics';
import { PrometheusMetrics } from '../metrics/prometheus-metrics';
import type { MetricsProvider } from '../metrics/version-metrics';
import { writeReport } from '../report/write-report';
import { parseDuration } from '@courier/mesh';
import { KubernetesTarget } from './kubernetes-target';
import { meshAdminUrl, stackAdminUrl } from './local-stack-urls';
import { progressPrinter } from './progress-printer';
import { StackClient } from './stack-client';

export const ROLLOUT_USAGE = `Usage: courier rollout <command> <service> [options]

Commands:
  canary <service> --to v2 [--steps 10,25,50,100] [--interval 30s]
  bluegreen <service> --to v2
  mirror <service> --to v2 [--percent 100] [--duration 60s]
  ab <service> --to v2 --header x-user-group=beta [--duration 60s]
  status                       routing of every service (local stack)
  promote|abort <service>      act on the rollout running for <service>
  rollback <service>           route everything back to stable now

Where:
  --target local|kubernetes|compose
                               default local (the \`npm start\` stack); compose: \`docker compose up\`
  --stack-url URL              default http://127.0.0.1:8079 (STACK_ADMIN_PORT); changes carry the run's control
                               token, from COURIER_CONTROL_TOKEN or .data/control-token (npm start
                               writes it)
  --metrics mesh|prometheus    default mesh locally, prometheus on kubernetes
  --prometheus-url URL         default http://127.0.0.1:9090 locally; on kubernetes, a
                               kubectl port-forward to --prometheus-service
  --prometheus-service NS/SVC:PORT
                               kubernetes, default observability/prometheus-server:80
  --gateway-service NS/SVC:PORT
                               kubernetes, probes of a service only the ingress gateway
                               calls (web); default istio-ingress/istio-ingressgateway:80,
                               or <gateway>-istio:80 when the release routes with the
                               Gateway API (routing.api gateway-api)
  --mesh-admin-url URL         default http://127.0.0.1:15020 (MESH_ADMIN_PORT)
  --namespace NS               kubernetes namespace, default courier
  --chart REF                  chart to upgrade with, default charts/<service>
  --image-tag TAG              image tag of the new version (kubernetes), default the --to version
  --routing-file FILE          compose: the routing file its mesh watches, default deploy/compose/routing.yaml
  --probe-url URL              where preview/A-B probes go (they carry the header)
                               default http://127.0.0.1:<mesh listener of the service> locally;
                               compose sends probes only with this option; on kubernetes they
                               go from a caller's pod (kubectl exec) through its sidecar
  --dry-run                    kubernetes: print the helm and kubectl commands, change nothing
  --from v1                    the version being replaced (for reports), default v1 locally,
                               the release's live version on kubernetes
  --report-dir DIR             default .data/rollout-reports
  --config FILE                thresholds, default rollout.config.json

Exit codes: 0 promoted, 2 rolled back or aborted, 1 error.`;

const OPTIONS = {
  to: { type: 'string' },
  from: { type: 'string' },
  steps: { type: 'string' },
  interval: { type: 'string' },
  percent: { type: 'string', default: '100' },
  duration: { type: 'string' },
  header: { type: 'string' },
  target: { type: 'string', default: 'local' },
  'stack-url': { type: 'string', default: stackAdminUrl() },
  metrics: { type: 'string' },
  'prometheus-url': { type: 'string' },
  'prometheus-service': { type: 'string', default: 'observability/prometheus-server:80' },
  'gateway-service': { type: 'string' },
  'mesh-admin-url': { type: 'string', default: meshAdminUrl() },
  namespace: { type: 'string', default: 'courier' },
  chart: { type: 'string' },
  'image-tag': { type: 'string' },
  'routing-file': { type: 'string', default: 'deploy/compose/routing.yaml' },
  'probe-url': { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  'report-dir': { type: 'string', default: '.data/rollout-reports' },
  config: { type: 'string', default: 'rollout.config.json' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const STRATEGIES: readonly RolloutPlan['strategy'][] = ['canary', 'bluegreen', 'mirror', 'ab'];

/** `courier rollout …`: returns the process exit code. */
export async function rolloutCli(argv: string[], print: (line: string) => void, cwd = process.cwd()): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [command, service] = positionals;
  if (values.help || !command) {
    print(ROLLOUT_USAGE);
    return values.help ? 0 : 1;
  }
  const token = readControlToken(cwd, process.env);
  const stack = new StackClient(values['stack-url'], token);
  if (command === 'status') {
    for (const line of await stack.statusLines()) print(line);
    return 0;
  }
  if (!service) throw new Error(`${command} needs a service, e.g. courier rollout ${command} delivery`);
  if (command === 'promote' || command === 'abort') {
    await stack.requestControl(service, command);
    print(`${command} requested for the ${service} rollout`);
    return 0;
  }
  const config = await loadRolloutConfig(path.resolve(cwd, values.config));
  const requestedMs = values.interval || values.duration ? flagDuration((values.interval ?? values.duration) as string, values.interval ? '--interval' : '--duration') : undefined;
  const intervalMs = intervalMsFor(config, service, requestedMs);

  const to = values.to ?? (command === 'rollback' ? (values.from ?? 'v1') : undefined);
  if (!to) throw new Error(`--to is required: the version to roll out, e.g. --to v2`);
  const kubernetes = values.target === 'kubernetes' ? await KubernetesTarget.open(values, service, print) : undefined;
  try {
    const common = { service, fromVersion: kubernetes?.fromVersion ?? values.from ?? 'v1', toVersion: to };
    if (command === 'rollback') {
      const actuator = kubernetes?.actuator ?? actuatorFor(values, cwd, token);
      await actuator.rollback(planFor({ ...common, strategy: 'canary', steps: [100] }, config));
      print(`${service}: routed back to stable`);
      return 0;
    }
    if (!STRATEGIES.includes(command as RolloutPlan['strategy'])) throw new Error(`unknown command "${command}"\n\n${ROLLOUT_USAGE}`);
    const strategy = command as RolloutPlan['strategy'];
    const active = strategy === 'bluegreen' ? (kubernetes?.activeColour ?? (values.target === 'local' ? await stack.activeColour(service) : 'blue')) : undefined;
    const plan = planFor({ ...common, strategy, steps: values.steps?.split(',').map(Number), percent: Number(values.percent), header: values.header ?? '', active }, config);

    const actuator = kubernetes?.actuator.forPlan(plan) ?? actuatorFor(values, cwd, token);
    if (actuator instanceof LocalActuator) actuator.forPlan(plan);
    const metrics = kubernetes ? await kubernetes.metrics() : metricsFor(values);
    const abort = new AbortController();
    const promote = new AbortController();
    process.once('SIGINT', () => {
      print('Ctrl-C: aborting, restoring stable …');
      abort.abort();
    });
    const stopControl = values.target === 'local' && !values['dry-run'] ? stack.watchControl(service, { abort, promote }) : () => undefined;
    const printProgress = progressPrinter(print, intervalMs);
    const engine = new RolloutEngine({
      actuator,
      metrics,
      thresholds: thresholdsFor(config, service),
      intervalMs: values['dry-run'] ? 1 : intervalMs,
      signal: abort.signal,
      promoteSignal: promote.signal,
      probes: kubernetes ? await kubernetes.probes(plan, intervalMs / 1000) : await probesFor(values, plan, stack),
      onEvent: (event) => {
        printProgress(event);
        if (values.target === 'local' && !values['dry-run']) void stack.publish(service, event).catch(() => undefined);
      },
    });
    try {
      const report = await engine.run(plan);
      const files = await writeReport(report, path.resolve(cwd, values['report-dir']));
      print(`report: ${path.relative(cwd, files.json)} and ${path.relative(cwd, files.markdown)}`);
      return exitCodeFor(report);
    } finally {
      stopControl();
    }
  } finally {
    kubernetes?.close();
  }
}

/**
 * Probe traffic for steps that carry a header. Locally it goes to the stack's mesh listener of the
 * service; compose publishes only the gateway, so there it needs --probe-url.
 */
async function probesFor(values: { target: string; 'probe-url'?: string; 'dry-run': boolean }, plan: RolloutPlan, stack: StackClient): Promise<HttpProbeTraffic | undefined> {
  if (values['dry-run']) return undefined;
  if (values['probe-url']) return new HttpProbeTraffic(values['probe-url']);
  if (values.target !== 'compose') return new HttpProbeTraffic(await stack.probeUrl(plan.service));
  if (plan.steps.some((step) => step.probe)) throw new Error(`--target compose: ${plan.strategy} sends probes with a header; pass --probe-url (a URL the service's VirtualService routes)`);
  return undefined;
}

/** The actuator of the local and compose targets (kubernetes has its own: KubernetesTarget). */
function actuatorFor(values: { target: string; 'stack-url': string; 'dry-run': boolean; 'routing-file': string; 'mesh-admin-url': string }, cwd: string, token: string | undefined): Actuator {
  if (values.target === 'local') return new LocalActuator(values['stack-url'], token);
  if (values.target === 'compose') {
    if (values['dry-run']) throw new Error('--dry-run is for --target kubernetes');
    return new ComposeActuator({
      runner: new ProcessRunner(),
      renderCommand: [process.execPath, path.resolve(cwd, 'tools/stack/bin/render-compose-routing.js')],
      routingFile: path.resolve(cwd, values['routing-file']),
      meshAdminUrl: values['mesh-admin-url'],
    });
  }
  throw new Error(`--target must be local, kubernetes or compose (got "${values.target}")`);
}

function metricsFor(values: { metrics?: string; 'prometheus-url'?: string; 'mesh-admin-url': string }): MetricsProvider {
  const kind = values.metrics ?? 'mesh';
  if (kind === 'prometheus') return new PrometheusMetrics(values['prometheus-url'] ?? 'http://127.0.0.1:9090');
  if (kind === 'mesh') return new MeshMetrics(values['mesh-admin-url']);
  throw new Error(`--metrics must be mesh or prometheus (got "${kind}")`);
}

/** A duration flag: Istio's form (30s, 2m, 500ms, 1m30s), or a bare number of seconds. */
function flagDuration(text: string, flag: string): number {
  const seconds = /^\d+(?:\.\d+)?$/.test(text.trim()) ? Number(text) : undefined;
  return Math.round(seconds === undefined ? (parseDuration(text, flag) as number) : seconds * 1000);
}
