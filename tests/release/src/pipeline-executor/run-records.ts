import type { ToolCall } from '../tool-stubs';

/** Results as Azure names them. */
export type Result = 'succeeded' | 'succeededWithIssues' | 'failed' | 'skipped';

export interface StepRecord {
  /** `name:` of the step (its output variables are `<name>.<var>`). */
  name?: string;
  displayName: string;
  kind: 'script' | 'bash' | 'task' | 'checkout' | 'download' | 'publish';
  task?: string;
  /** Task inputs after macro substitution. */
  inputs?: Record<string, string>;
  /** The shell text run, after macro substitution. */
  script?: string;
  result: Result;
  exitCode?: number;
  output: string;
  /** Wall-clock time of the step (0 when skipped). */
  durationMs: number;
  /** Stubbed programs called while the step ran (its children's calls included). */
  toolCalls: ToolCall[];
}

export interface JobRecord {
  stage: string;
  name: string;
  deployment: boolean;
  environment?: string;
  result: Result;
  steps: StepRecord[];
  /** Output variables, `<step>.<var>` → value. */
  outputs: Record<string, string>;
}

export interface StageRecord {
  name: string;
  result: Result;
  jobs: JobRecord[];
}

export interface ApprovalRecord {
  stage: string;
  job: string;
  environment: string;
  approved: boolean;
}

export interface RunRecord {
  pipeline: string;
  result: 'succeeded' | 'failed';
  stages: StageRecord[];
  /** Environment checks the run waited for, in order (a deployment job waits before its steps). */
  approvals: ApprovalRecord[];
  /** `##vso[task.uploadsummary]` files, read when the step uploaded them. */
  summaries: { file: string; content: string }[];
  /** Published artifacts: name → files in it, relative. */
  artifacts: Record<string, string[]>;
  toolCalls: ToolCall[];
}

/** A stage or job result from the results of its parts. */
export function combinedResult(results: Result[]): Result {
  if (results.includes('failed')) return 'failed';
  if (results.length > 0 && results.every((r) => r === 'skipped')) return 'skipped';
  if (results.includes('succeededWithIssues')) return 'succeededWithIssues';
  return 'succeeded';
}

export const passed = (result: Result) => result === 'succeeded' || result === 'succeededWithIssues';
