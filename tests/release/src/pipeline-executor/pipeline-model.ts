/** A pipeline after template expansion, as the executor runs it. */
export type VariableEntry = { name: string; value: string } | { group: string };

export type Step = Record<string, unknown>;

export interface Job {
  name: string;
  displayName?: string;
  /** Deployment jobs run `strategy.runOnce.deploy.steps` and wait for their environment's checks. */
  deployment: boolean;
  environment?: string;
  dependsOn: string[];
  condition?: string;
  variables: VariableEntry[];
  steps: Step[];
}

export interface Stage {
  name: string;
  displayName?: string;
  dependsOn: string[];
  condition?: string;
  variables: VariableEntry[];
  jobs: Job[];
}

export interface ExpandedPipeline {
  /** Repository-relative path of the pipeline file. */
  file: string;
  trigger: unknown;
  pr: unknown;
  parameters: Record<string, unknown>;
  variables: VariableEntry[];
  stages: Stage[];
}
