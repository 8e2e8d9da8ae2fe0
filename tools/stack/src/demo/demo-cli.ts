import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { UnreachableError } from '@courier/contracts';
import { ACTS } from './demo-acts';
import { StackAdmin, stackAdminUrl } from './stack-admin';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const USAGE = `Usage: npm run demo [-- --auto]

The conference demo on the local stack: load on, a healthy canary promoted, a bad canary rolled
back by analysis, a mirror of v2 that writes nothing, and a blue/green switch previewed first; then
back to the start state, so it can run again at once. It starts the stack (npm start) if none runs,
and stops it again at the end. Open the control-room link it prints; it opens nothing itself.

  --auto      run straight through (otherwise it waits for Enter before each act)
  -h, --help  show this help`;

/** Is a stack answering on its admin port? */
async function stackRuns(): Promise<boolean> {
  try {
    await fetch(`${stackAdminUrl(process.env)}/api/stack`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** npm start in the background, its output in .data/demo-stack.log; ready when its admin API answers. */
async function startStack(print: (line: string) => void): Promise<ChildProcess> {
  mkdirSync(path.join(ROOT, '.data'), { recursive: true });
  const log = path.join(ROOT, '.data', 'demo-stack.log');
  print(`No stack is running: starting one (npm start; its output goes to ${path.relative(process.cwd(), log)}) …`);
  const output = openSync(log, 'w');
  const child = spawn(process.execPath, [path.join(ROOT, 'tools/stack/bin/courier-stack.js')], { cwd: ROOT, stdio: ['ignore', output, output] });
  const deadline = Date.now() + 300_000;
  while (!(await stackRuns())) {
    if (child.exitCode !== null) throw new Error(`npm start exited with code ${child.exitCode}; see ${log}`);
    if (Date.now() > deadline) throw new Error(`the stack did not answer within 300 s; see ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return child;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { auto: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } }, strict: true });
  const print = (line: string) => process.stdout.write(`${line}\n`);
  if (values.help) return print(USAGE), 0;
  const started = (await stackRuns()) ? undefined : await startStack(print);
  const prompt = values.auto ? undefined : createInterface({ input: process.stdin, output: process.stdout });
  const began = Date.now();
  try {
    const admin = StackAdmin.of(ROOT, process.env);
    const description = await admin.describe();
    const context = { admin, gateway: description.gateway, deliveryListener: description.services.delivery.meshListener };
    print(`Control room: ${context.gateway}/control-room${admin.controlToken ? `#token=${admin.controlToken}` : ''}   (presenter mode: add ?presenter=1 before the #)`);
    // A second run starts where the first ended: say whether that is the start state.
    const differences = await admin.differencesFromStart();
    print(differences.length === 0 ? 'Start state: ok' : `Start state: resetting (${differences.join('; ')})`);
    if (differences.length > 0) await admin.resetToStart();
    for (const [index, act] of ACTS.entries()) {
      if (prompt) await prompt.question(`\n[Enter] ${index + 1}. ${act.title}`);
      else print(`\n${index + 1}. ${act.title}`);
      const actBegan = Date.now();
      // A failed act still leaves the stage as the next run expects it.
      const line = await act.run(context).catch(async (error: Error) => {
        print('   (putting the stack back in its start state after the failure)');
        await admin.resetToStart().catch(() => undefined);
        throw error;
      });
      print(`   ${line}  (${((Date.now() - actBegan) / 1000).toFixed(1)} s)`);
    }
    print(`\nThe demo took ${((Date.now() - began) / 1000).toFixed(0)} s.`);
    return 0;
  } finally {
    prompt?.close();
    if (started) {
      print('Stopping the stack the demo started …');
      started.kill('SIGINT');
      await new Promise((resolve) => started.once('exit', resolve));
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    const hint = error instanceof UnreachableError ? ' Is npm start running?' : '';
    process.stderr.write(`demo: ${error.message}${hint}\n`);
    process.exit(1);
  },
);
