import { differencesFromStart, resetToStart } from '../start-state';
import type { StackClient } from '../stack-client';
import { LABS } from './lab-catalog';
import { readStackState, readWorkspaceState } from './lab-state';

export const LAB_USAGE = `Usage: courier lab check <1-10>    is the lab done? what is right, what is missing, with a hint
       courier lab reset [--data]     the stack back to its start state (routing, faults, load); --data also empties the services' tables`;

/** `courier lab check <n>`: the lab's requirements, each green or red; red ones name the step that does it. */
async function labCheck(stack: StackClient, workspace: string, which: string, print: (line: string) => void): Promise<number> {
  const lab = LABS.find(({ number }) => String(number) === which || String(number).padStart(2, '0') === which);
  if (!lab) {
    print(which === '11' ? 'Lab 11 runs on a cluster, where kubectl and the rollout report show the outcome; courier lab check covers labs 1 to 10.' : LAB_USAGE);
    return 1;
  }
  const results =
    lab.reads === 'stack'
      ? await readStackState(stack).then((state) => lab.requirements.map((requirement) => ({ ...requirement, ok: requirement.holds(state) })))
      : lab.requirements.map((requirement) => ({ ...requirement, ok: requirement.holds(readWorkspaceState(workspace)) }));
  print(`Lab ${String(lab.number).padStart(2, '0')}: ${lab.title}`);
  for (const { says, ok, step } of results) {
    print(`  ${ok ? '✔' : '✘'} ${says}`);
    if (!ok) print(`    hint: ${step} (docs/workshop/${lab.file})`);
  }
  const missing = results.filter(({ ok }) => !ok).length;
  print(missing === 0 ? `Done: all ${results.length} checks pass.` : `Not yet: ${missing} of ${results.length} checks to go.`);
  return missing === 0 ? 0 : 1;
}

/** `courier lab reset [--data]`: what a workshop runs between labs. */
async function labReset(stack: StackClient, emptyData: boolean, print: (line: string) => void): Promise<number> {
  const before = await differencesFromStart(stack);
  await resetToStart(stack);
  const after = await differencesFromStart(stack);
  print(before.length === 0 ? 'The stack was in its start state already.' : `Reset: ${before.join('; ')}.`);
  if (after.length > 0) return print(`Still not in the start state: ${after.join('; ')}`), 1;
  print('Every service on its first version, no faults, load off.');
  if (!emptyData) return print('The data is kept (--data empties it).'), 0;
  const counts = await stack.emptyData();
  const left = Object.values(counts).flatMap((tables) => Object.values(tables)).reduce((sum, n) => sum + n, 0);
  print(`Data emptied: ${left} rows left in ${Object.keys(counts).join(', ')}.`);
  return left === 0 ? 0 : 1;
}

export async function labCommand(stack: StackClient, workspace: string, args: string[], print: (line: string) => void): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'check' && rest.length === 1) return labCheck(stack, workspace, rest[0], print);
  if (action === 'reset' && (rest.length === 0 || (rest.length === 1 && rest[0] === '--data'))) return labReset(stack, rest[0] === '--data', print);
  print(LAB_USAGE);
  return 1;
}
