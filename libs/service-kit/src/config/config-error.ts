/** One bad environment variable, with what is wrong and how to fix it. */
export interface ConfigProblem {
  variable: string;
  problem: string;
  fix: string;
}

/**
 * Thrown at start-up when the environment is invalid. The message lists every bad variable at once,
 * so an operator fixes them in one go rather than one restart per mistake.
 */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      [
        `${service}: invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
        ...problems.map((p) => `  - ${p.variable}: ${p.problem}. Fix: ${p.fix}`),
      ].join('\n'),
    );
    this.name = 'ConfigError';
  }
}
