// The chart's `rollout` block is part of the control-plane contract (libs/contracts/src/control-plane).
import type { RolloutValues } from '@courier/contracts';
export { STABLE_ONLY, type Colour, type HeaderMatchRule, type RolloutValues } from '@courier/contracts';

/**
 * Helm arguments that set exactly these values over `--reuse-values`: scalars with `--set`, lists
 * with `--set-json` so that an empty list really clears the rules of an earlier step.
 */
export function toHelmArgs(values: RolloutValues, prefix = 'rollout'): string[] {
  const args: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      args.push('--set-json', `${path}=${JSON.stringify(value)}`);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`);
    } else {
      args.push('--set', `${path}=${String(value)}`);
    }
  };
  walk(values, prefix);
  return args;
}
