import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ciTriggers,
  conditionHolds,
  expandPipeline,
  runPipeline,
  triggeredPipelines,
  VariableSet,
  type RunRecord,
  type RunTrigger,
  type StepRecord,
} from '../src/pipeline-executor';
import type { ToolCall, ToolReply } from '../src/tool-stubs';

const fixtures = path.join(__dirname, 'fixtures', 'pipelines');
const repository = path.resolve(__dirname, '..', '..', '..');
const pushToMain: RunTrigger = { reason: 'IndividualCI', sourceBranch: 'refs/heads/main', sourceVersion: '1234567890abcdef1234567890abcdef12345678' };

/** Stands in for the cluster simulator: answers every helm/kubectl call and remembers it. */
function fakeCluster() {
  const calls: ToolCall[] = [];
  const handle = async (call: ToolCall): Promise<ToolReply> => {
    calls.push(call);
    return { code: 0, stdout: `${call.tool} ${call.args[0]} answered${call.stdin ? ` (stdin: ${call.stdin})` : ''}\n`, stderr: '' };
  };
  return { calls, handle };
}

const stage = (run: RunRecord, name: string) => run.stages.find((s) => s.name === name);
const steps = (run: RunRecord, stageName: string): StepRecord[] => stage(run, stageName)?.jobs.flatMap((j) => j.steps) ?? [];
const step = (run: RunRecord, stageName: string, displayName: string) => steps(run, stageName).find((s) => s.displayName === displayName);

describe('template expansion', () => {
  it('expands variable, stage and step templates relative to the including file, with typed parameters and defaults', () => {
    const pipeline = expandPipeline(fixtures, 'expansion.yml');
    expect(pipeline.parameters).toEqual({ strategy: 'canary', replicas: 2 });
    expect(pipeline.variables).toEqual([
      { name: 'region', value: 'westeurope-qa' },
      { name: 'plain', value: 'plain-value' },
    ]);
    expect(pipeline.stages).toHaveLength(1);
    const [deploy] = pipeline.stages;
    expect(deploy.name).toBe('Deploy_users');
    expect(deploy.displayName).toBe('canary in westeurope-qa');
    // Booleans print as Azure prints them.
    expect(deploy.jobs[0].steps).toEqual([{ script: 'echo "2 replicas, verbose False"', displayName: 'announce' }]);
  });

  it('takes runtime parameters of the run, and checks their values and types', () => {
    expect(expandPipeline(fixtures, 'expansion.yml', { strategy: 'bluegreen', replicas: '3' }).stages[0].displayName).toBe('bluegreen in westeurope-qa');
    expect(expandPipeline(fixtures, 'expansion.yml', { replicas: '3' }).stages[0].jobs[0].steps[0].script).toBe('echo "3 replicas, verbose False"');
    expect(() => expandPipeline(fixtures, 'expansion.yml', { strategy: 'mirror' })).toThrow(/strategy is "mirror", not one of canary, bluegreen/);
    expect(() => expandPipeline(fixtures, 'expansion.yml', { replicas: 'many' })).toThrow(/replicas of type number/);
    expect(() => expandPipeline(fixtures, 'expansion.yml', { colour: 'blue' })).toThrow(/unexpected parameter colour/);
  });

  it('fails as Azure fails to compile a run: undeclared or missing template parameters', () => {
    expect(() => expandPipeline(fixtures, 'bad-parameters.yml')).toThrow(/bad-parameters\.yml → templates\/stage\.yml: unexpected parameter colour/);
  });

  it.each(['pipelines/users.yml', 'pipelines/delivery.yml', 'pipelines/web.yml', 'pipelines/pr.yml'])('expands the real %s completely', (file) => {
    const pipeline = expandPipeline(repository, file);
    expect(JSON.stringify(pipeline)).not.toContain('${{');
    expect(pipeline.stages.flatMap((s) => s.jobs.flatMap((j) => j.steps)).length).toBeGreaterThan(2);
  });

  it('a service pipeline has Build, then QA, then Production depending on the QA smoke test, all for that service', () => {
    const pipeline = expandPipeline(repository, 'pipelines/delivery.yml', { strategy: 'bluegreen' });
    const names = pipeline.stages.map((s) => s.name);
    expect(names[0]).toBe('Build');
    expect(names).toEqual(expect.arrayContaining(['DeployQA', 'SmokeQA', 'Production']));
    expect(pipeline.stages.find((s) => s.name === 'Production')?.dependsOn).toEqual(expect.arrayContaining(['SmokeQA']));
    expect(JSON.stringify(pipeline.stages[0])).toContain('--service delivery');
    expect(JSON.stringify(pipeline.stages.find((s) => s.name === 'Production'))).toMatch(/bluegreen/);
  });
});

describe('triggers on Azure Repos', () => {
  const servicePipelines = ['pipelines/users.yml', 'pipelines/delivery.yml', 'pipelines/web.yml', 'pipelines/pr.yml'];
  const pushed = (ref: string, changedFiles: string[], newBranch = false) => triggeredPipelines(repository, servicePipelines, { kind: 'push', ref, changedFiles, newBranch }).map((t) => t.pipeline);

  it('a new release branch with no new commits triggers nothing under path filters', () => {
    expect(pushed('refs/heads/release/users/v1.2.3', [], true)).toEqual([]);
  });

  it('a commit on the release branch that changes charts/users triggers the users pipeline only', () => {
    expect(pushed('refs/heads/release/users/v1.2.3', ['charts/users/Chart.yaml'], true)).toEqual(['pipelines/users.yml']);
  });

  it('a push to main runs the pipelines whose paths it changes; a shared library runs every service', () => {
    expect(pushed('refs/heads/main', ['services/web/src/main.ts'])).toEqual(['pipelines/web.yml']);
    expect(pushed('refs/heads/main', ['libs/contracts/src/index.ts'])).toEqual(['pipelines/users.yml', 'pipelines/delivery.yml', 'pipelines/web.yml']);
    expect(pushed('refs/heads/main', ['README.md'])).toEqual([]);
    expect(pushed('refs/heads/release/users/v1.2.3', ['charts/delivery/Chart.yaml'])).toEqual([]);
  });

  it('pull requests run only the Build Validation policies of the target branch; pr: in the YAML is ignored', () => {
    const event = { kind: 'pr' as const, ref: 'refs/heads/feature/users/login', targetBranch: 'refs/heads/main', changedFiles: ['services/users/src/main.ts'] };
    expect(triggeredPipelines(repository, servicePipelines, event)).toEqual([]);
    const policies = [
      { pipeline: 'pipelines/pr.yml', branch: 'main' },
      { pipeline: 'pipelines/users.yml', branch: 'main', paths: { include: ['services/users'] } },
      { pipeline: 'pipelines/web.yml', branch: 'main', paths: { include: ['services/web'] } },
      { pipeline: 'pipelines/pr.yml', branch: 'release/users/v1.2.3' },
    ];
    expect(triggeredPipelines(repository, servicePipelines, event, policies)).toEqual([
      { pipeline: 'pipelines/pr.yml', reason: 'PullRequest' },
      { pipeline: 'pipelines/users.yml', reason: 'PullRequest' },
    ]);
  });

  it('evaluates trigger sections: none, lists, wildcards, excludes, path excludes, tags and batch', () => {
    const push = (ref: string, changedFiles = ['src/a.ts']) => ({ kind: 'push' as const, ref, changedFiles });
    expect(ciTriggers('none', push('refs/heads/main'))).toBeUndefined();
    expect(ciTriggers(undefined, push('refs/heads/anything'))).toBe('IndividualCI');
    expect(ciTriggers(undefined, push('refs/heads/new', []))).toBe('IndividualCI');
    expect(ciTriggers(['main', 'release/*'], push('refs/heads/release/users/v1'))).toBe('IndividualCI');
    expect(ciTriggers(['main'], push('refs/heads/feature/x'))).toBeUndefined();
    const filtered = { batch: true, branches: { include: ['release/*'], exclude: ['release/old/*'] }, paths: { include: ['src'], exclude: ['src/generated'] } };
    expect(ciTriggers(filtered, push('refs/heads/release/users/v1'))).toBe('BatchedCI');
    expect(ciTriggers(filtered, push('refs/heads/release/old/v1'))).toBeUndefined();
    expect(ciTriggers(filtered, push('refs/heads/release/users/v1', ['src/generated/x.ts']))).toBeUndefined();
    expect(ciTriggers(filtered, push('refs/heads/release/users/v1', ['srcs/x.ts']))).toBeUndefined();
    expect(ciTriggers({ paths: { include: ['charts/*/Chart.yaml'] } }, push('refs/heads/main', ['charts/users/Chart.yaml']))).toBe('IndividualCI');
    expect(ciTriggers({ branches: { include: ['main'] } }, push('refs/tags/v1.0.0'))).toBeUndefined();
    expect(ciTriggers({ tags: { include: ['v*'] } }, push('refs/tags/v1.0.0'))).toBe('IndividualCI');
  });
});

describe('conditions', () => {
  const outputs = { Build: { result: 'Succeeded', outputs: { 'Build.version.publish': 'true' } } };
  const holds = (condition: string, results: ('succeeded' | 'failed' | 'skipped')[] = ['succeeded'], variables: Record<string, string> = {}) =>
    conditionHolds(condition, results, { variables, dependencies: outputs });

  it('status functions look at the dependencies', () => {
    expect(conditionHolds(undefined, ['succeeded'], {})).toBe(true);
    expect(conditionHolds(undefined, ['skipped'], {})).toBe(false);
    expect(holds('succeeded()', ['succeeded', 'failed'])).toBe(false);
    expect(holds('failed()', ['succeeded', 'failed'])).toBe(true);
    expect(holds('succeededOrFailed()', ['failed'])).toBe(true);
    expect(holds('always()', ['skipped'])).toBe(true);
  });

  it('compares as Azure does: case-insensitive strings, the right side converted to the left type', () => {
    expect(holds("eq(dependencies.Build.outputs['Build.version.publish'], 'TRUE')")).toBe(true);
    // The boolean becomes the string 'True', then compares case-insensitively; names are case-insensitive too.
    expect(holds("eq(dependencies.build.OUTPUTS['Build.version.publish'], true)")).toBe(true);
    expect(holds("eq(dependencies.Build.outputs['Build.version.publish'], 'yes')")).toBe(false);
    expect(holds("ne(dependencies.Build.outputs['Build.version.missing'], 'true')")).toBe(true);
    expect(holds("eq(variables['x'], '')", ['succeeded'], {})).toBe(true);
    expect(holds("in(variables['kind'], 'main', 'release')", ['succeeded'], { kind: 'Release' })).toBe(true);
    expect(holds("and(succeeded(), not(eq(variables['kind'], 'pr')), or(eq(1, '1.0'), false))", ['succeeded'], { kind: 'main' })).toBe(true);
    expect(holds("eq(variables['it''s'], 'a''b')", ['succeeded'], { "it's": "a'b" })).toBe(true);
    expect(() => holds('frobnicate()')).toThrow(/frobnicate\(\) is not modelled/);
  });
});

describe('variables and macros', () => {
  const variables = new VariableSet({ plain: { value: 'p' }, nested: { value: '$(plain)/n' }, 'Build.SourceBranch': { value: 'refs/heads/main' }, token: { value: 's3cret', secret: true } });

  it('substitutes known macros (nested ones too), names case-insensitively, and leaves unknown ones as written', () => {
    expect(variables.expand('$(PLAIN) $(nested) $(build.sourcebranch) $(missing) $(env:X)')).toBe('p p/n refs/heads/main $(missing) $(env:X)');
  });

  it('gives scripts every variable but secrets as environment variables, upper-cased with . as _', () => {
    expect(variables.environment()).toEqual({ PLAIN: 'p', NESTED: 'p/n', BUILD_SOURCEBRANCH: 'refs/heads/main' });
  });
});

describe('running a pipeline', () => {
  it('passes output variables to stage conditions and $[ ] variables, and skips per conditions and dependencies', async () => {
    const run = await runPipeline({ workspaceRoot: fixtures, pipeline: 'outputs.yml', trigger: pushToMain, cluster: fakeCluster().handle, variables: { fromQueue: { value: 'yes' } } });
    expect(run.stages.map((s) => [s.name, s.result])).toEqual([
      ['Build', 'succeeded'],
      ['Publish', 'succeeded'],
      ['Release', 'skipped'],
      ['AfterRelease', 'skipped'],
      ['Queued', 'succeeded'],
    ]);
    expect(stage(run, 'Build')?.jobs[0].outputs).toEqual({ 'version.publish': 'true', 'version.tag': 'v1.2.3' });
    expect(steps(run, 'Publish').find((s) => s.kind === 'script')?.output).toBe('publishing v1.2.3\n');
    expect(run.result).toBe('succeeded');
  }, 60_000);

  it('waits for an agent before each job that runs, and frees it after', async () => {
    const log: string[] = [];
    const acquireAgent = async (stageName: string, job: { name: string }) => {
      log.push(`wait ${stageName}/${job.name}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return () => void log.push(`free ${stageName}/${job.name}`);
    };
    const run = await runPipeline({ workspaceRoot: fixtures, pipeline: 'outputs.yml', trigger: pushToMain, cluster: fakeCluster().handle, acquireAgent });
    expect(run.result).toBe('succeeded');
    expect(log).toEqual(['wait Build/Build', 'free Build/Build', 'wait Publish/Publish', 'free Publish/Publish']);
  }, 60_000);

  it('runs steps with variables, macros, environment and secrets as an agent does; a failure skips what follows but not cleanup', async () => {
    const groups = { database: { dbPassword: { value: 'hunter2', secret: true } } };
    const run = await runPipeline({ workspaceRoot: fixtures, pipeline: 'steps.yml', trigger: pushToMain, cluster: fakeCluster().handle, variableGroups: groups });
    const shown = step(run, 'Work', 'show plain-value');
    expect(shown?.output).toContain('macro: local-value env: local-value plain-value plain-value/nested\n');
    expect(shown?.output).toContain('unknown: $(no.such.variable) target: $(System.PullRequest.targetBranchName)\n');
    expect(shown?.output).toContain(`predefined: refs/heads/main ${pushToMain.sourceVersion} IndividualCI\n`);
    expect(shown?.output).toContain('secret in env: [absent] mapped: [hunter2]\n');
    expect(shown?.output).toMatch(/\/s\n$/); // scripts start in the sources directory
    expect(step(run, 'Work', 'tolerated failure')?.result).toBe('succeededWithIssues');
    expect(step(run, 'Work', 'failure')).toMatchObject({ result: 'failed', exitCode: 3 });
    expect(step(run, 'Work', 'after failure')?.result).toBe('skipped');
    expect(step(run, 'Work', 'cleanup')).toMatchObject({ result: 'succeeded', output: 'cleanup ran\n' });
    expect(run.stages.map((s) => [s.name, s.result])).toEqual([
      ['Work', 'failed'],
      ['Next', 'skipped'],
      ['OnFailure', 'succeeded'],
    ]);
    expect(run.result).toBe('failed');
  }, 60_000);

  it('fills the System.PullRequest variables in a PR build', async () => {
    const trigger: RunTrigger = { reason: 'PullRequest', sourceBranch: 'refs/pull/7/merge', sourceVersion: pushToMain.sourceVersion, pullRequest: { id: 7, sourceBranch: 'refs/heads/feature/x', targetBranch: 'refs/heads/main' } };
    const run = await runPipeline({ workspaceRoot: fixtures, pipeline: 'steps.yml', trigger, cluster: fakeCluster().handle, variableGroups: { database: {} } });
    expect(step(run, 'Work', 'show plain-value')?.output).toContain('target: main\n');
  }, 60_000);

  it('refuses a run whose variable group does not exist', async () => {
    await expect(runPipeline({ workspaceRoot: fixtures, pipeline: 'steps.yml', trigger: pushToMain, cluster: fakeCluster().handle })).rejects.toThrow(/Variable group database was not found/);
  }, 60_000);

  it('publishes and downloads artifacts, waits for the environment, and sends helm and kubectl to the cluster', async () => {
    const cluster = fakeCluster();
    const environments: string[] = [];
    const run = await runPipeline({ workspaceRoot: fixtures, pipeline: 'deploy.yml', trigger: pushToMain, cluster: cluster.handle, approve: (environment) => (environments.push(environment), true) });
    expect(run.artifacts).toEqual({ bundle: ['build.txt'] });
    expect(run.approvals).toEqual([{ stage: 'Production', job: 'Rollout', environment: 'production', approved: true }]);
    expect(environments).toEqual(['production']);
    const production = stage(run, 'Production')!.jobs[0];
    expect(production).toMatchObject({ deployment: true, environment: 'production', result: 'failed' });
    const [download, azureCli, unknown] = production.steps;
    expect(download).toMatchObject({ kind: 'download', result: 'succeeded' });
    expect(azureCli.output).toContain(`built ${pushToMain.sourceVersion}\n`);
    expect(azureCli.output).toContain('kubectl apply answered (stdin: from a pipe)\n');
    expect(azureCli.toolCalls.map((c) => [c.tool, ...c.args.slice(0, 2)])).toEqual([
      ['az', 'aks', 'get-credentials'],
      ['helm', 'status', 'users'],
      ['kubectl', 'apply', '-f'],
    ]);
    expect(cluster.calls.map((c) => c.tool)).toEqual(['helm', 'kubectl']);
    expect(unknown).toMatchObject({ task: 'Unknown@9', result: 'failed', output: 'task Unknown@9 is not modelled by the pipeline executor' });
    const build = steps(run, 'Build');
    expect(build.find((s) => s.displayName === 'build')?.toolCalls.map((c) => c.tool)).toEqual(['npx', 'docker', 'npm']);
    expect(build.find((s) => s.task === 'NodeTool@0')).toMatchObject({ inputs: { versionSpec: '24.x' }, result: 'succeeded' });
    // The checkout was a copy: nothing the pipeline wrote reached the repository.
    expect(fs.existsSync(path.join(fixtures, 'written-by-pipeline.txt'))).toBe(false);
  }, 60_000);

  it('a rejected approval fails the deployment job before any of its steps', async () => {
    const run = await runPipeline({ workspaceRoot: fixtures, pipeline: 'deploy.yml', trigger: pushToMain, cluster: fakeCluster().handle, approve: () => false });
    expect(stage(run, 'Production')?.jobs[0]).toMatchObject({ result: 'failed', steps: [] });
    expect(run.approvals).toEqual([expect.objectContaining({ environment: 'production', approved: false })]);
  }, 60_000);
});
