import { routingSummary, RolloutValuesSchema, type RolloutValues } from '@courier/contracts';
import type { StackClient } from '../stack-client';

/**
 * The chart values `courier routing --set` may change, with how to read each from text. They are
 * the `rollout` block of charts/<service>/values.yaml: on a cluster, the same keys go to
 * `helm upgrade --reuse-values --set …`. Header rules (`rollout.match`) are lists; `courier
 * rollout ab` sets them.
 */
const SETTABLE: Record<string, (text: string) => unknown> = {
  'rollout.strategy': (text) => text,
  'rollout.canary.weight': Number,
  'rollout.bluegreen.active': (text) => text,
  'rollout.bluegreen.preview': (text) => (text === 'true' ? true : text === 'false' ? false : text),
  'rollout.bluegreen.previewHeader': (text) => text,
  'rollout.mirror.percent': Number,
};

export const ROUTING_USAGE = `Usage: courier routing <service> --set rollout.<key>=<value>[,…] [--set …]
Keys: ${Object.keys(SETTABLE).join(', ')}`;

/** Applies `key=value` settings (Helm's --set syntax: repeated, or comma-separated) to rollout values. */
export function applySettings(values: RolloutValues, settings: readonly string[]): RolloutValues {
  const next = structuredClone(values) as unknown as Record<string, Record<string, unknown>>;
  for (const setting of settings.flatMap((entry) => entry.split(','))) {
    const [key, text] = [setting.slice(0, setting.indexOf('=')), setting.slice(setting.indexOf('=') + 1)];
    const read = SETTABLE[key];
    if (!setting.includes('=') || !read) throw new Error(`--set ${setting}: not a rollout value this command sets\n${ROUTING_USAGE}`);
    const [, group, field] = key.split('.');
    if (field === undefined) next[group] = read(text) as never;
    else next[group][field] = read(text);
  }
  const parsed = RolloutValuesSchema.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`--set rollout.${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** `courier routing <service> --set …`: changes a service's routing by hand, as `helm upgrade --set` would. */
export async function routingCommand(stack: StackClient, service: string | undefined, settings: readonly string[], print: (line: string) => void): Promise<number> {
  if (!service || settings.length === 0) return print(ROUTING_USAGE), 1;
  const routing = (await stack.describe()).services[service]?.routing;
  if (!routing) throw new Error(`the local stack has no service "${service}"`);
  const values = applySettings(routing.values, settings);
  await stack.setRouting(service, { values, tracks: routing.tracks });
  print(routingSummary(service, { values, tracks: routing.tracks }));
  return 0;
}
