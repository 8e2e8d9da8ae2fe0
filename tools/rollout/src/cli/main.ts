import path from 'node:path';
import { readControlToken } from '../actuators/stack-admin-call';
import { demoCommand } from './demo/demo-command';
import { LAB_USAGE, labCommand } from './lab/lab-command';
import { stackAdminUrl } from './local-stack-urls';
import { rolloutCli } from './rollout-cli';
import { FAULTS_USAGE, faultsCommand } from './stack/faults-command';
import { LOAD_USAGE, loadCommand } from './stack/load-command';
import { ROUTING_USAGE, routingCommand } from './stack/routing-command';
import { StackClient } from './stack-client';

/** The workspace the CLI belongs to: where npm start runs, keeps `.data` and its control token. */
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const USAGE = `Usage: courier rollout <canary|bluegreen|mirror|ab|status|promote|abort|rollback> …  (courier rollout --help)
       courier demo [--auto]       the scripted conference demo (npm run demo)
${ROUTING_USAGE.replace('Usage:', '      ')}
${FAULTS_USAGE.replace('Usage:', '      ')}
${LOAD_USAGE.replace('Usage:', '      ')}
${LAB_USAGE.replace('Usage:', '      ')}`;

const print = (line: string) => process.stdout.write(`${line}\n`);
// `courier rollout status | grep -q …` closes the pipe after the first match: a reader that has
// seen enough is not an error, so stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

/** `--set a=b --set c=d` (or `--set=a=b`) as the list Helm would read. */
const settingsOf = (args: string[]) => args.flatMap((arg, index) => (arg === '--set' ? [args[index + 1] ?? ''] : arg.startsWith('--set=') ? [arg.slice(6)] : []));

async function main(): Promise<number> {
  const [group, ...rest] = process.argv.slice(2);
  if (group === 'rollout') return rolloutCli(rest, print);
  if (group === 'demo') return demoCommand(rest, ROOT, print);
  const stack = new StackClient(stackAdminUrl(), readControlToken(ROOT, process.env));
  // The labs that change code (9 and 10) look at the workspace the participant works in.
  if (group === 'lab') return labCommand(stack, process.cwd(), rest, print);
  if (group === 'routing') return routingCommand(stack, rest[0]?.startsWith('-') ? undefined : rest[0], settingsOf(rest), print);
  if (group === 'faults') return faultsCommand(stack, rest, print);
  if (group === 'load') return loadCommand(stack, rest, print);
  process.stderr.write(`${USAGE}\n`);
  return 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`courier: ${error.message}\n`);
    process.exit(1);
  },
);
