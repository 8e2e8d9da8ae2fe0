import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parsePipelineYaml } from '../../pipelines/src/pipeline-yaml';
import { requireTool } from '@courier/testenv';
import { chartWorkspace } from '../../charts/src/chart-workspace';
import { ClusterSimulator, type ClusterState } from '../src/cluster-sim';
import { liveVersion } from '../src/cluster-sim/mesh-routing';
import { runPipeline, triggeredPipelines, type BuildValidationPolicy, type Job, type RepositoryEvent, type RunRecord, type RunTrigger } from '../src/pipeline-executor';

/**
 * The real pipelines, run by the pipeline executor against the cluster simulator: for each
 * service a PR (Build Validation), two pushes to main (one with an all-digit SHA) and a release cut
 * with pipelines/scripts/cut-release.sh, in that order on one cluster. Each service has its own
 * cluster, so the three scenarios run at the same time (a rollout mostly waits for its analysis).
 */
const run = promisify(execFile);
const repository = path.resolve(__dirname, '..', '..', '..');
const SERVICES = ['users', 'delivery', 'web'] as const;
type Service = (typeof SERVICES)[number];
const PIPELINE_FILES = [...SERVICES.map((s) => `pipelines/${s}.yml`), 'pipelines/pr.yml'];
const HEX_SHA = '0f3c9a1b2c3d4e5f60718293a4b5c6d7e8f90a1b';
const DIGIT_SHA = '1234567890123456789012345678901234567890';
const QA_GROUP = { 'courier-qa': { qaDatabaseUrl: { value: 'postgresql://courier:qa-password@qa-db:5432/courier', secret: true } } };
const SCENARIO_TIMEOUT = 20 * 60_000;
// smoke-test.sh checks the QA service with curl through its port-forward; without curl the QA stages cannot pass.
const curl = requireTool('curl', 'release-test', 'the pipelines end to end (smoke-test.sh)');
const describeWithCurl = curl ? describe : describe.skip;

/**
 * Build Validation on main, as the setup guide configures it: pipelines/pr.yml for every PR, and
 * each service's pipeline with the same path filter as its CI trigger.
 */
function buildValidationPolicies(): BuildValidationPolicy[] {
  const servicePolicies = SERVICES.map((service) => {
    const file = `pipelines/${service}.yml`;
    const trigger = parsePipelineYaml(fs.readFileSync(path.join(repository, file), 'utf8'), file).trigger as { paths?: { include?: string[]; exclude?: string[] } };
    return { pipeline: file, branch: 'main', paths: trigger.paths };
  });
  return [{ pipeline: 'pipelines/pr.yml', branch: 'main' }, ...servicePolicies];
}

/** The cluster as `courier-cluster up` leaves it; QA does not exist yet. */
async function clusterAfterUp(): Promise<ClusterSimulator> {
  const { chart } = chartWorkspace();
  const sim = new ClusterSimulator({ workspaceRoot: repository });
  sim.seedNamespace('courier', { 'istio-injection': 'enabled' });
  sim.seedSecret('courier', 'courier-database', { DATABASE_URL: 'postgresql://courier@postgres.courier-data:5432/courier' });
  sim.seedObservability();
  sim.seedIngressGateway();
  for (const service of SERVICES) {
    const args = ['upgrade', '--install', service, chart(service), '-n', 'courier', '-f', path.join(repository, 'k8s/kind/services.values.yaml'), '--set-string', 'image.tag=v1.0.0,tracks.stable.version=v1.0.0', '--wait'];
    const reply = await sim.handle({ tool: 'helm', args, cwd: repository });
    if (reply.code !== 0) throw new Error(`seeding ${service} v1.0.0 failed: ${reply.stderr}`);
    sim.recordPromotion('courier', service, 'v1.0.0');
  }
  return sim;
}

/** Runs cut-release.sh in a throwaway clone and returns the files its release commit changes. */
async function filesChangedByCutRelease(service: Service, version: string): Promise<string[]> {
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'courier-cut-release-'));
  try {
    await run('git', ['clone', '--quiet', '--branch', 'main', repository, clone]);
    const env = { ...process.env, GIT_AUTHOR_NAME: 'Release', GIT_AUTHOR_EMAIL: 'release@example.com', GIT_COMMITTER_NAME: 'Release', GIT_COMMITTER_EMAIL: 'release@example.com' };
    await run('bash', ['pipelines/scripts/cut-release.sh', service, version], { cwd: clone, env });
    const { stdout } = await run('git', ['diff', '--name-only', 'main', 'HEAD'], { cwd: clone });
    return stdout.split('\n').filter(Boolean);
  } finally {
    fs.rmSync(clone, { recursive: true, force: true });
  }
}

interface Triggered {
  pipelines: string[];
  runs: RunRecord[];
  /** Environments whose approval the runs waited for, in order. */
  environments: string[];
  /** The cluster when the last run ended (states are immutable; later runs make new ones). */
  after: ClusterState;
}

/**
 * smoke-test.sh port-forwards to the fixed local port 18080. Hosted agents are machines of their
 * own; the scenarios' agents here share one, so the jobs that run it take turns (otherwise one
 * job's curl can reach another's forward).
 */
let smokePortFree: Promise<void> = Promise.resolve();
async function acquireAgent(_stage: string, job: Job): Promise<() => void> {
  if (!JSON.stringify(job.steps).includes('smoke-test.sh')) return () => undefined;
  const previous = smokePortFree;
  let release = () => undefined as void;
  smokePortFree = new Promise<void>((resolve) => (release = resolve));
  await previous;
  return release;
}

async function runTriggered(sim: ClusterSimulator, event: RepositoryEvent, trigger: Omit<RunTrigger, 'reason'>): Promise<Triggered> {
  const triggered = triggeredPipelines(repository, PIPELINE_FILES, event, buildValidationPolicies());
  const environments: string[] = [];
  const runs: RunRecord[] = [];
  for (const { pipeline, reason } of triggered) {
    runs.push(
      await runPipeline({
        workspaceRoot: repository,
        pipeline,
        trigger: { ...trigger, reason },
        cluster: (call) => sim.handle(call),
        acquireAgent,
        // A queued run's parameter of the service pipelines: the production rollout's analysis window, short here.
        parameters: pipeline === 'pipelines/pr.yml' ? {} : { analysisInterval: '1s' },
        variableGroups: QA_GROUP,
        approve: (environment) => (environments.push(environment), true),
      }),
    );
  }
  return { pipelines: triggered.map((t) => t.pipeline), runs, environments, after: sim.current };
}

interface Scenario {
  cluster: Promise<ClusterSimulator>;
  pr: Promise<Triggered>;
  main: Promise<Triggered>;
  digitMain: Promise<Triggered>;
  releaseChanges: Promise<string[]>;
  release: Promise<Triggered>;
}

/** Starts one service's runs, each after the previous one settled, on a cluster of its own. */
function startScenario(service: Service): Scenario {
  const cluster = clusterAfterUp();
  const settled = (previous: Promise<unknown>) => previous.then(
    () => undefined,
    () => undefined,
  );
  const change = [`services/${service}/src/main.ts`];
  const pushToMain = async (sha: string) => runTriggered(await cluster, { kind: 'push', ref: 'refs/heads/main', changedFiles: change }, { sourceBranch: 'refs/heads/main', sourceVersion: sha });
  const feature = `refs/heads/feature/${service}/change`;
  const pr = cluster.then((sim) =>
    runTriggered(sim, { kind: 'pr', ref: feature, targetBranch: 'refs/heads/main', changedFiles: change }, { sourceBranch: 'refs/pull/42/merge', sourceVersion: HEX_SHA, pullRequest: { id: 42, sourceBranch: feature, targetBranch: 'refs/heads/main' } }),
  );
  const main = settled(pr).then(() => pushToMain(HEX_SHA));
  const digitMain = settled(main).then(() => pushToMain(DIGIT_SHA));
  const releaseChanges = filesChangedByCutRelease(service, '1.2.3');
  const branch = `refs/heads/release/${service}/v1.2.3`;
  const release = settled(digitMain).then(async () =>
    runTriggered(await cluster, { kind: 'push', ref: branch, changedFiles: await releaseChanges, newBranch: true }, { sourceBranch: branch, sourceVersion: HEX_SHA }),
  );
  // Each test awaits its own part and reports its failure; none is an unhandled rejection meanwhile.
  for (const part of [cluster, pr, main, digitMain, releaseChanges, release]) settled(part);
  return { cluster, pr, main, digitMain, releaseChanges, release };
}

const stageResults = (run: RunRecord) => Object.fromEntries(run.stages.map((s) => [s.name, s.result]));
/** Failed steps with the end of their output, so a failing expectation says why. */
const failures = (run: RunRecord) =>
  run.stages.flatMap((s) => s.jobs.flatMap((j) => j.steps.filter((step) => step.result === 'failed').map((step) => `${s.name}/${j.name}/${step.displayName}: exit ${step.exitCode}\n${step.output.slice(-3000)}`)));
const helmCommands = (run: RunRecord, subcommand: string) => run.toolCalls.filter((c) => c.tool === 'helm' && c.args[0] === subcommand);

const scenarios = new Map<Service, Scenario>();
beforeAll(() => {
  if (!curl) return;
  for (const service of SERVICES) scenarios.set(service, startScenario(service));
});
afterAll(async () => {
  for (const scenario of scenarios.values()) {
    await Promise.allSettled([scenario.release, scenario.releaseChanges]);
    await (await scenario.cluster.catch(() => undefined))?.close();
  }
}, SCENARIO_TIMEOUT);

describeWithCurl.each(SERVICES)('pipelines for %s', (service) => {
  const scenario = () => scenarios.get(service) as Scenario;

  it('a PR runs pr.yml and the service pipeline (Build Validation): Build only, nothing published or deployed', async () => {
    const { pipelines, runs } = await scenario().pr;
    expect(pipelines).toEqual(['pipelines/pr.yml', `pipelines/${service}.yml`]);
    const [monorepo, own] = runs;
    expect({ result: monorepo.result, failures: failures(monorepo) }).toEqual({ result: 'succeeded', failures: [] });
    const affected = monorepo.toolCalls.find((c) => c.tool === 'npx' && c.args[1] === 'affected');
    expect(affected?.args).toContain('--base=origin/main');
    expect({ stages: stageResults(own), failures: failures(own) }).toEqual({ stages: { Build: 'succeeded', DeployQA: 'skipped', SmokeQA: 'skipped', Production: 'skipped' }, failures: [] });
    expect(own.artifacts).toEqual({});
    expect(helmCommands(own, 'upgrade')).toEqual([]);
    expect(helmCommands(own, 'push')).toEqual([]);
  }, SCENARIO_TIMEOUT);

  it('a push to main builds, prepares QA, deploys the build there and smoke-tests it; production is untouched', async () => {
    const { pipelines, runs, environments, after } = await scenario().main;
    expect(pipelines).toEqual([`pipelines/${service}.yml`]);
    const [own] = runs;
    expect({ stages: stageResults(own), failures: failures(own) }).toEqual({ stages: { Build: 'succeeded', DeployQA: 'succeeded', SmokeQA: 'succeeded', Production: 'skipped' }, failures: [] });
    expect(environments).toEqual(['courier-qa']);
    expect(after.namespaces['courier-qa']).toMatchObject({ 'istio-injection': 'enabled' });
    expect(after.objects['courier-qa/Secret/courier-database']).toBeDefined();
    expect(liveVersion(after, 'courier-qa', service)).toBe(`v0.0.0-g${HEX_SHA.slice(0, 7)}`);
    expect(liveVersion(after, 'courier', service)).toBe('v1.0.0');
    expect(own.artifacts.chart).toEqual([`${service}-0.0.0-g${HEX_SHA.slice(0, 7)}.tgz`]);
  }, SCENARIO_TIMEOUT);

  it('an all-digit commit SHA on main stays a string from the tag to the QA pods', async () => {
    const { runs, after } = await scenario().digitMain;
    expect({ stages: stageResults(runs[0]), failures: failures(runs[0]) }).toEqual({ stages: { Build: 'succeeded', DeployQA: 'succeeded', SmokeQA: 'succeeded', Production: 'skipped' }, failures: [] });
    expect(liveVersion(after, 'courier-qa', service)).toBe('v0.0.0-g1234567');
  }, SCENARIO_TIMEOUT);

  it('cut-release.sh commits charts/<svc>/Chart.yaml, so the new release branch triggers its pipeline, and only that commit does', async () => {
    const changed = await scenario().releaseChanges;
    expect(changed).toEqual([`charts/${service}/Chart.yaml`]);
    const branch = { kind: 'push' as const, ref: `refs/heads/release/${service}/v1.2.3`, newBranch: true };
    expect(triggeredPipelines(repository, PIPELINE_FILES, { ...branch, changedFiles: [] })).toEqual([]);
    expect(triggeredPipelines(repository, PIPELINE_FILES, { ...branch, changedFiles: changed }).map((t) => t.pipeline)).toEqual([`pipelines/${service}.yml`]);
  }, SCENARIO_TIMEOUT);

  it('the release branch runs every stage; production waits for approval and ends promoted with v1.2.3 live and no invariant broken', async () => {
    const { runs, environments, after } = await scenario().release;
    expect(runs).toHaveLength(1);
    const [own] = runs;
    expect({ stages: stageResults(own), failures: failures(own) }).toEqual({ stages: { Build: 'succeeded', DeployQA: 'succeeded', SmokeQA: 'succeeded', Production: 'succeeded' }, failures: [] });
    expect(environments).toEqual(['courier-qa', 'courier-production']);
    expect(own.approvals.at(-1)).toEqual({ stage: 'Production', job: 'Rollout', environment: 'courier-production', approved: true });
    // The real rollout CLI ran, through the stubs, against the release the seed installed.
    const rollout = own.toolCalls.find((c) => c.tool === 'npx' && c.args[0] === 'courier');
    expect(rollout?.args.slice(0, 4)).toEqual(['courier', 'rollout', 'canary', service]);
    expect(rollout?.args.join(' ')).toContain('--to v1.2.3');
    // Its analysis read the cluster's Prometheus through a port-forward: the agent has only a kubeconfig.
    const forwards = own.toolCalls.filter((c) => c.tool === 'kubectl' && c.args.includes('port-forward')).map((c) => c.args.join(' '));
    expect(forwards).toEqual(expect.arrayContaining([expect.stringMatching(/-n(amespace)? observability .*svc\/prometheus-server|svc\/prometheus-server.*-n(amespace)? observability/)]));
    expect(own.summaries).toEqual([expect.objectContaining({ file: expect.stringMatching(new RegExp(`rollout-${service}\\.md$`)) })]);
    expect(own.summaries[0].content).toMatch(/promoted/i);
    expect(own.artifacts['rollout-report']).toEqual(expect.arrayContaining([`rollout-${service}.md`, `rollout-${service}.json`]));
    expect(liveVersion(after, 'courier', service)).toBe('v1.2.3');
    expect(liveVersion(after, 'courier-qa', service)).toBe('v1.2.3');
    expect((await scenario().cluster).violations()).toEqual([]);
  }, SCENARIO_TIMEOUT);
});
