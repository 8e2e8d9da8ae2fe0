/**
 * The routing state of one service, exactly the `rollout` block of its Helm chart (see
 * charts/courier-lib/templates/_routes.tpl). The engine only ever changes these values; the chart
 * renders them into the VirtualService and DestinationRule, on Kubernetes and locally alike.
 */
export type Colour = 'blue' | 'green';

export interface HeaderMatchRule {
  header: string;
  exact: string;
  track: string;
}

export interface RolloutValues {
  strategy: 'none' | 'canary' | 'bluegreen' | 'mirror';
  canary: { weight: number };
  bluegreen: { active: Colour; preview: boolean; previewHeader: string };
  mirror: { percent: number };
  match: HeaderMatchRule[];
  /** Tracks deployed without traffic (Kubernetes make-before-break); the local stack ignores them. */
  warm?: string[];
}

export const STABLE_ONLY: RolloutValues = {
  strategy: 'none',
  canary: { weight: 0 },
  bluegreen: { active: 'blue', preview: false, previewHeader: 'x-courier-preview' },
  mirror: { percent: 0 },
  match: [],
};

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
