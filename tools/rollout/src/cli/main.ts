import path from 'node:path';
import { readControlToken } from '../actuators/stack-admin-call';
import { demoCommand } from './demo/demo-command';
import { rolloutCli } from './rollout-cli';
import { differencesFromStart, resetToStart } from './start-state';
import { StackClient } from './stack-client';

/** The workspace the CLI belongs to: where npm start runs, keeps `.data` and its control token. */
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const USAGE = `Usage: courier rollout <canary|bluegreen|mirror|ab|status|promote|abort|rollback> …  (courier rollout --help)
       courier demo [--auto]       the scripted conference demo (npm run demo)
       courier lab reset           the local stack back to its start state (routing, faults, load; data kept)`;

const print = (line: string) => process.stdout.write(`${line}\n`);

/** `courier lab reset`: what a workshop runs between labs. */
async function labReset(): Promise<number> {
  const stack = new StackClient(`http://127.0.0.1:${process.env.STACK_ADMIN_PORT || 8079}`, readControlToken(ROOT, process.env));
  const before = await differencesFromStart(stack);
  await resetToStart(stack);
  const after = await differencesFromStart(stack);
  print(before.length === 0 ? 'The stack was in its start state already.' : `Reset: ${before.join('; ')}.`);
  if (after.length > 0) return print(`Still not in the start state: ${after.join('; ')}`), 1;
  print('Every service on its first version, no faults, load off; the data is kept.');
  return 0;
}

async function main(): Promise<number> {
  const [group, ...rest] = process.argv.slice(2);
  if (group === 'rollout') return rolloutCli(rest, print);
  if (group === 'demo') return demoCommand(rest, ROOT, print);
  if (group === 'lab' && rest[0] === 'reset' && rest.length === 1) return labReset();
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
