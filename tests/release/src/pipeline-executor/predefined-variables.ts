import type { Variable } from './variables';

/** What queued the run. For a PR, sourceBranch is the PR's merge ref (refs/pull/<id>/merge). */
export interface RunTrigger {
  reason: 'IndividualCI' | 'BatchedCI' | 'PullRequest' | 'Manual';
  sourceBranch: string;
  sourceVersion: string;
  pullRequest?: { id: number; sourceBranch: string; targetBranch: string };
}

/** Directories of one job on the agent (Agent.BuildDirectory and its a, b, s, TestResults). */
export interface AgentDirectories {
  workspace: string;
  sources: string;
  staging: string;
  binaries: string;
  testResults: string;
  temp: string;
}

export interface RunIdentity {
  definitionName: string;
  buildId: number;
  buildNumber: string;
  repositoryUri: string;
}

const fixed = (values: Record<string, string>): Record<string, Variable> => Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value }]));

/** The predefined variables an agent sets for a job (the subset the pipelines use, and their neighbours). */
export function predefinedVariables(trigger: RunTrigger, identity: RunIdentity, dirs: AgentDirectories): Record<string, Variable> {
  const pr = trigger.pullRequest;
  const branchName = (ref: string) => ref.replace(/^refs\/heads\//, '');
  return fixed({
    'Build.SourceBranch': trigger.sourceBranch,
    'Build.SourceBranchName': trigger.sourceBranch.split('/').at(-1) ?? '',
    'Build.SourceVersion': trigger.sourceVersion,
    'Build.Reason': trigger.reason,
    'Build.DefinitionName': identity.definitionName,
    'Build.BuildId': String(identity.buildId),
    'Build.BuildNumber': identity.buildNumber,
    'Build.Repository.Uri': identity.repositoryUri,
    'Build.Repository.Provider': 'TfsGit',
    'Build.ArtifactStagingDirectory': dirs.staging,
    'Build.StagingDirectory': dirs.staging,
    'Build.BinariesDirectory': dirs.binaries,
    'Build.SourcesDirectory': dirs.sources,
    'System.DefaultWorkingDirectory': dirs.sources,
    'Pipeline.Workspace': dirs.workspace,
    'Agent.BuildDirectory': dirs.workspace,
    'Agent.TempDirectory': dirs.temp,
    'Agent.OS': 'Linux',
    'Common.TestResultsDirectory': dirs.testResults,
    TF_BUILD: 'True',
    // Defined only in PR builds: elsewhere $(System.PullRequest.…) stays literal, as on an agent.
    ...(pr && {
      'System.PullRequest.PullRequestId': String(pr.id),
      'System.PullRequest.SourceBranch': pr.sourceBranch,
      'System.PullRequest.TargetBranch': pr.targetBranch,
      'System.PullRequest.targetBranchName': branchName(pr.targetBranch),
    }),
  });
}
