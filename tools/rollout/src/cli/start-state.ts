import { initialRouting, STABLE_ONLY, type FaultSettings } from '@courier/contracts';
import type { StackClient } from './stack-client';

const NO_FAULTS: FaultSettings = { errorRate: 0, delayMs: 0 };
const hasFaults = (faults: FaultSettings) => faults.errorRate !== 0 || faults.delayMs !== 0;

/**
 * The start state of `npm start`, as the demo and `courier lab reset` restore it: no rollout running
 * (a running one is aborted), no load, every version without faults, and every service's routing
 * back to its first version on stable. The data stays.
 */
export async function resetToStart(stack: StackClient): Promise<void> {
  for (const [service, rollout] of Object.entries(await stack.rollouts())) {
    if (!rollout.running) continue;
    await stack.requestControl(service, 'abort');
    await stack.finished(service);
  }
  await stack.setLoad(0);
  for (const [service, { versions, routing }] of Object.entries((await stack.describe()).services)) {
    for (const { version, faults } of versions) if (hasFaults(faults)) await stack.setFaults(service, version, NO_FAULTS);
    const start = initialRouting(versions.map(({ version }) => version));
    if (JSON.stringify(routing) !== JSON.stringify(start)) await stack.setRouting(service, start);
  }
}

/** What differs from the start state, in words; empty when the stack is in it. */
export async function differencesFromStart(stack: StackClient): Promise<string[]> {
  const [{ services }, rollouts, load] = await Promise.all([stack.describe(), stack.rollouts(), stack.load()]);
  const found: string[] = [];
  if (load.running) found.push(`load is on (${load.rps} req/s)`);
  for (const [service, { versions, routing }] of Object.entries(services)) {
    if (rollouts[service]?.running) found.push(`a rollout of ${service} is running`);
    const start = initialRouting(versions.map(({ version }) => version));
    if (JSON.stringify(routing.values) !== JSON.stringify(STABLE_ONLY)) found.push(`${service} is routed by ${routing.values.strategy}, not stable only`);
    if (routing.tracks.stable !== start.tracks.stable) found.push(`${service}'s stable track runs ${routing.tracks.stable}, not ${start.tracks.stable}`);
    for (const { version, faults } of versions) if (hasFaults(faults)) found.push(`${service} ${version} is in bad mode`);
  }
  return found;
}
