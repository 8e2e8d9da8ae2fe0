import type { Server } from 'node:http';
import path from 'node:path';
import { routingSummary } from '@courier/rollout';
import { LocalStack } from './local-stack';
import { startStackAdminApi } from './stack-admin-api';
import { createStackControls, type StackControls } from './stack-controls';
import { parseStackOptions, STACK_USAGE } from './stack-options';
import { controlTokenPath } from './control-token';
import { describeStackPlan } from './stack-plan';
import { stackServices } from './stack-services';
import { stopOnSignal } from './stop-on-signal';

const ROOT = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const options = parseStackOptions(process.argv.slice(2), process.env, ROOT, stackServices(ROOT));
  if (options === 'help') {
    process.stdout.write(`${STACK_USAGE}\n`);
    return;
  }
  if (options.dryRun) {
    process.stdout.write(`${describeStackPlan(options).join('\n')}\n`);
    return;
  }
  const useColour = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const bold = (text: string) => (useColour ? `\x1b[1m${text}\x1b[0m` : text);
  const started = Date.now();

  if (options.controlToken === undefined) {
    print(bold('CONTROL_AUTH=off: any process on this machine can change routing, rollouts and faults (Host, Origin and JSON checks stay).'));
  }
  const stack = new LocalStack(options, { print, useColour });
  let running: { controls: StackControls; admin: Server } | undefined;
  const starting = (async () => {
    await stack.start();
    const controls = createStackControls(stack);
    running = { controls, admin: await startStackAdminApi(stack, options.ports.stackAdmin, controls) };
  })();
  const signal = stopOnSignal(
    starting,
    async () => {
      running?.admin.close();
      await running?.controls.stop();
      await stack.stop();
      print('Stopped cleanly.');
      process.exit(0);
    },
    (name) => print(`\n${name}: stopping the services, the mesh and the database …`),
  );
  await starting;
  if (signal.requested) return;

  const { services } = stack.describe();
  print('');
  print(bold(`Courier is ready in ${((Date.now() - started) / 1000).toFixed(1)} s`));
  print(`  open             ${bold(stack.gatewayUrl)}   (the mesh's ingress gateway → web)`);
  for (const [service, info] of Object.entries(services)) {
    print(`  ${service.padEnd(16)} ${info.versions.map((v) => `${v.version} ${v.url}${v.faults.errorRate || v.faults.delayMs ? ' (bad mode)' : ''}`).join(', ')}`);
  }
  // The link carries the token in its fragment, which the browser never sends: the page keeps it.
  const token = stack.controlToken;
  print(`  control room     ${stack.gatewayUrl}/control-room${token === undefined ? '' : `#token=${token}`}`);
  if (token !== undefined) print(`  control token    ${path.relative(process.cwd(), controlTokenPath(options.dataDir)) || controlTokenPath(options.dataDir)}   (changes need it; npx courier reads it)`);
  print(`  mesh admin       ${stack.meshAdminUrl}/metrics · /stats · /config`);
  print(`  stack admin      http://127.0.0.1:${options.ports.stackAdmin}/api/stack`);
  print(`  database         ${stack.databaseUrl}`);
  if (stack.prometheusUrl) print(`  prometheus       ${stack.prometheusUrl}   (rollouts: --metrics prometheus)`);
  print(`Routing (from the Helm charts, ${options.routingApi === 'istio' ? 'VirtualService' : 'Gateway API HTTPRoute'}):`);
  for (const [service, info] of Object.entries(services)) print(`  ${routingSummary(service, info.routing)}`);
  print(`Try: npx courier rollout canary delivery --to v2      Press Ctrl-C to stop.`);
}

main().catch((error: Error) => {
  process.stderr.write(`courier: ${error.message}\n`);
  process.exit(1);
});
