import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { readControlToken } from '../../actuators/stack-admin-call';
import { differencesFromStart, resetToStart } from '../start-state';
import { StackClient } from '../stack-client';
import { stackAdminUrl } from '../local-stack-urls';
import { ACTS } from './demo-acts';

const USAGE = `Usage: npm run demo [-- --auto]     (npx courier demo [--auto])

The conference demo on the local stack: load on, a healthy canary promoted, a bad canary rolled
back by analysis, a mirror of v2 that writes nothing, and a blue/green switch previewed first; then
back to the start state, so it can run again at once. It starts the stack (npm start) if none runs,
and stops it again at the end. Open the control-room link it prints; it opens nothing itself.

  --auto      run straight through (otherwise it waits for Enter before each act)
  -h, --help  show this help`;


async function stackRuns(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/api/stack`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** npm start in the background from `root`, its output in .data/demo-stack.log; ready when its admin API answers. */
async function startStack(root: string, url: string, print: (line: string) => void): Promise<ChildProcess> {
  mkdirSync(path.join(root, '.data'), { recursive: true });
  const log = path.join(root, '.data', 'demo-stack.log');
  print(`No stack is running: starting one (npm start; its output goes to ${path.relative(process.cwd(), log)}) …`);
  const output = openSync(log, 'w');
  const child = spawn(process.execPath, [path.join(root, 'tools/stack/bin/courier-stack.js')], { cwd: root, stdio: ['ignore', output, output] });
  const deadline = Date.now() + 300_000;
  while (!(await stackRuns(url))) {
    if (child.exitCode !== null) throw new Error(`npm start exited with code ${child.exitCode}; see ${log}`);
    if (Date.now() > deadline) throw new Error(`the stack did not answer within 300 s; see ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return child;
}

/** `courier demo [--auto]`, from the workspace root `root`; returns the exit code. */
export async function demoCommand(args: string[], root: string, print: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args, options: { auto: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } }, strict: true });
  if (values.help) return print(USAGE), 0;
  const url = stackAdminUrl(process.env);
  const started = (await stackRuns(url)) ? undefined : await startStack(root, url, print);
  const prompt = values.auto ? undefined : createInterface({ input: process.stdin, output: process.stdout });
  const began = Date.now();
  try {
    const stack = new StackClient(url, readControlToken(root, process.env));
    const description = await stack.describe();
    const context = { stack, gateway: description.gateway, deliveryListener: description.services.delivery.meshListener };
    const token = readControlToken(root, process.env);
    print(`Control room: ${context.gateway}/control-room${token ? `#token=${token}` : ''}   (presenter mode: add ?presenter=1 before the #)`);
    // A second run starts where the first ended: say whether that is the start state.
    const differences = await differencesFromStart(stack);
    print(differences.length === 0 ? 'Start state: ok' : `Start state: resetting (${differences.join('; ')})`);
    if (differences.length > 0) await resetToStart(stack);
    for (const [index, act] of ACTS.entries()) {
      if (prompt) await prompt.question(`\n[Enter] ${index + 1}. ${act.title}`);
      else print(`\n${index + 1}. ${act.title}`);
      const actBegan = Date.now();
      // A failed act still leaves the stage as the next run expects it.
      const line = await act.run(context).catch(async (error: Error) => {
        print('   (putting the stack back in its start state after the failure)');
        await resetToStart(stack).catch(() => undefined);
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
