import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allSteps, loadPipelineYaml, stepShell } from '../src/pipeline-yaml';
import { pipelineYamlFiles, workspaceRoot } from '../src/workspace-paths';

type Step = Record<string, unknown>;
const ci = loadPipelineYaml('pipelines/templates/ci.yml');
const cd = loadPipelineYaml('pipelines/templates/cd.yml');
const ciSteps = allSteps(ci);
const cdSteps = allSteps(cd);
const shellOf = (steps: Step[], pattern: RegExp): Step => {
  const found = steps.find((s) => pattern.test(stepShell(s) ?? ''));
  if (!found) throw new Error(`no step runs ${pattern}`);
  return found;
};
const condition = (step: Step) => String(step.condition ?? '');

function commandsOf(shell: string): string[] {
  return shell
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .flatMap((line) => line.split(/\s+(?:&&|\|)\s+/))
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && line !== 'set -euo pipefail');
}

// What every step does when it runs is checked by running the pipelines: tests/release's pipeline
// executor (pipelines-end-to-end.spec.ts). This file keeps the shape of the templates.
describe('pipeline files', () => {
  it('no pipeline file mentions a latest tag', () => {
    for (const file of pipelineYamlFiles()) expect(fs.readFileSync(path.join(workspaceRoot, file), 'utf8')).not.toMatch(/:latest\b/);
  });
});

describe('templates/ci.yml', () => {
  it('builds and runs the testrunner image through Nx and publishes JUnit and coverage', () => {
    expect(stepShell(shellOf(ciSteps, /nx run \$\{\{ parameters.service \}\}:container:testrunner/))).toBeDefined();
    expect(stepShell(shellOf(ciSteps, /docker run --rm -v "\$\(testResultsDir\):\/out" courier\/\$\{\{ parameters.service \}\}:testrunner/))).toMatch(
      /cobertura/,
    );
    const junit = ciSteps.find((s) => s.task === 'PublishTestResults@2') as Step;
    expect(junit.inputs).toMatchObject({ testResultsFormat: 'JUnit' });
    expect(condition(junit)).toBe('succeededOrFailed()');
    expect(ciSteps.some((s) => s.task === 'PublishCodeCoverageResults@2')).toBe(true);
  });

  it('tags the final image with the computed version, scans it with Trivy failing on CRITICAL, then pushes', () => {
    const version = shellOf(ciSteps, /pipelines\/scripts\/image-tag\.sh/);
    expect(version.name).toBe('version');
    const build = shellOf(ciSteps, /nx run \$\{\{ parameters.service \}\}:container --/);
    expect(stepShell(build)).toContain(':$(version.appVersion)');
    const scan = stepShell(shellOf(ciSteps, /aquasec\/trivy/)) as string;
    expect(scan).toMatch(/--exit-code 1/);
    expect(scan).toMatch(/--severity CRITICAL/);
    const order = [version, build, shellOf(ciSteps, /aquasec\/trivy/), shellOf(ciSteps, /docker buildx build --platform linux\/amd64,linux\/arm64 --push/)].map((s) => ciSteps.indexOf(s));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('helm lint and package use the same version; the chart is pushed to ACR as OCI', () => {
    // --set-string: an all-digit tag would otherwise be an integer, which the chart schema rejects.
    expect(stepShell(shellOf(ciSteps, /helm lint --strict/))).toMatch(/--set-string image\.tag=\$\(version\.appVersion\)$/);
    expect(stepShell(shellOf(ciSteps, /helm package/))).toMatch(/--version \$\(version\.chartVersion\) --app-version \$\(version\.appVersion\)/);
    expect(stepShell(shellOf(ciSteps, /helm push .* oci:\/\//))).toBeDefined();
  });

  it('pushes only when publish is true (never PRs or features); features run only build and unit tests', () => {
    for (const pattern of [/docker buildx build .*--push/, /helm push/]) expect(condition(shellOf(ciSteps, pattern))).toContain("eq(variables['version.publish'], 'true')");
    expect(condition(ciSteps.find((s) => s.task === 'Docker@2') as Step)).toContain("eq(variables['version.publish'], 'true')");
    // The image's build stage compiles with swc, which checks no types: tsc runs on the agent, for every kind.
    expect(condition(shellOf(ciSteps, /^npx nx typecheck /))).not.toContain('buildKind');
    const featureSteps = ciSteps.filter((s) => condition(s).includes("eq(variables['version.buildKind'], 'feature')")).map((s) => stepShell(s));
    expect(featureSteps).toEqual([expect.stringMatching(/^npx nx build /), expect.stringMatching(/^npx nx test /)]);
    for (const pattern of [/container:testrunner/, /container --/, /aquasec\/trivy/, /helm lint/, /helm package/]) {
      expect(condition(shellOf(ciSteps, pattern))).toContain("ne(variables['version.buildKind'], 'feature')");
    }
  });
});

describe('templates/cd.yml', () => {
  const stages = cd.stages as { stage: string; jobs: Step[]; condition?: string }[];

  it('prepares QA, deploys it with install-release.sh and a change-cause, smoke tests, then rolls out to production', () => {
    expect(stages.map((s) => s.stage)).toEqual(['DeployQA', 'SmokeQA', 'Production']);
    const qa = stepShell(shellOf(cdSteps, /install-release\.sh/)) as string;
    expect(qa).toMatch(/pipelines\/scripts\/prepare-namespace\.sh --namespace \$\(qaNamespace\) --database-url-env QA_DATABASE_URL --injection-label \$\(injectionLabel\)\n\s*pipelines\/scripts\/install-release\.sh/);
    expect(qa).toMatch(/--namespace \$\(qaNamespace\) --registry \$\(acrLoginServer\) --values-dir \$\(environmentValues\)/);
    expect(qa).not.toMatch(/--create-namespace|--set image\.tag/);
    expect(qa).toMatch(/--change-cause "/);
    expect(stepShell(shellOf(cdSteps, /pipelines\/scripts\/smoke-test\.sh --service \$\{\{ parameters.service \}\} --namespace \$\(qaNamespace\)/))).toBeDefined();
  });

  it('every step that fetches AKS credentials converts them for Entra ID (kubelogin), after installing kubelogin in its job', () => {
    const scripts = cdSteps.map((step) => stepShell(step) ?? '').filter((shell) => shell.includes('az aks get-credentials'));
    expect(scripts).toHaveLength(3);
    for (const shell of scripts) expect(shell).toMatch(/az aks get-credentials [^\n]*\n\s*#[^\n]*\n\s*kubelogin convert-kubeconfig -l azurecli\n/);
    expect(cdSteps.filter((step) => step.task === 'KubeloginInstaller@0')).toHaveLength(3);
  });

  it('production waits for approval on an Azure DevOps environment (a deployment job)', () => {
    const production = stages.find((s) => s.stage === 'Production');
    const job = production?.jobs[0] as Step;
    expect(job.deployment).toBeDefined();
    expect(job.environment).toBe('${{ parameters.productionEnvironment }}');
    expect(production?.condition).toContain("dependencies.Build.outputs['Build.version.release']");
  });

  it('has a strategy parameter canary | bluegreen | mirror passed to the production rollout', () => {
    const strategy = (cd.parameters as { name: string; values?: string[] }[]).find((p) => p.name === 'strategy');
    expect(strategy?.values).toEqual(['canary', 'bluegreen', 'mirror']);
    const rollout = stepShell(shellOf(cdSteps, /production-rollout\.sh/)) as string;
    const command = commandsOf(rollout).find((c) => c.startsWith('pipelines/scripts/production-rollout.sh')) as string;
    expect(command).toMatch(/--service \$\{\{ parameters.service \}\} --strategy \$\{\{ parameters.strategy \}\}\s+--version \$\(appVersion\)/);
    expect(command).toMatch(/--prometheus-service \$\(prometheusService\)/);
    expect(command).toMatch(/--report-dir \$\(reportDir\)/);
  });

  it('a rollback (exit 2) fails the stage, and the markdown report is published either way', () => {
    const step = shellOf(cdSteps, /production-rollout\.sh/);
    expect(step.continueOnError).toBeUndefined();
    expect(stepShell(step) as string).not.toMatch(/\|\|\s*(true|:)|set \+e/);
    const summary = shellOf(cdSteps, /##vso\[task\.uploadsummary\]/);
    expect(stepShell(summary)).toContain('$(reportDir)/rollout-${{ parameters.service }}.md');
    expect(condition(summary)).toMatch(/^(succeededOrFailed|always)\(\)$/);
    expect(cdSteps.indexOf(summary)).toBeGreaterThan(cdSteps.indexOf(step));
  });
});

describe('pipelines/scripts/production-rollout.sh', () => {
  const script = path.join(workspaceRoot, 'pipelines/scripts/production-rollout.sh');
  const args = ['--service', 'delivery', '--strategy', 'canary', '--version', 'v1.2.3', '--chart', 'delivery-1.2.3.tgz', '--namespace', 'courier',
    '--registry', 'couriercr.azurecr.io', '--values-dir', path.join(workspaceRoot, 'k8s/aks'), '--prometheus-service', 'observability/prometheus-server:80'];

  /** Runs the script with helm and npx stand-ins: helm status answers `statusExit`, npx exits `rolloutExit`. */
  function runWith(statusExit: number, rolloutExit: number): { status: number | null; calls: string; report: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'courier-prod-'));
    try {
      const bin = path.join(dir, 'bin');
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, 'helm'), '#!/bin/sh\necho "helm $*" >> "$CALLS"\n[ "$1" = status ] && exit "$STATUS_EXIT"\nexit 0\n', { mode: 0o755 });
      fs.writeFileSync(path.join(bin, 'npx'), '#!/bin/sh\necho "npx $*" >> "$CALLS"\nexit "$ROLLOUT_EXIT"\n', { mode: 0o755 });
      const reportDir = path.join(dir, 'report');
      const result = spawnSync('bash', [script, ...args, '--report-dir', reportDir], {
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, STATUS_EXIT: String(statusExit), ROLLOUT_EXIT: String(rolloutExit), CALLS: path.join(dir, 'calls') },
        encoding: 'utf8',
      });
      const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
      return { status: result.status, calls: read(path.join(dir, 'calls')), report: read(path.join(reportDir, 'rollout-delivery.md')) };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('rolls out from the live release with the engine, passing its exit code on (2 rolled back, 1 error)', () => {
    const promoted = runWith(0, 0);
    expect(promoted.status).toBe(0);
    expect(promoted.calls).toMatch(/^npx courier rollout canary delivery --to v1\.2\.3 --image-tag v1\.2\.3 --target kubernetes --namespace courier --chart delivery-1\.2\.3\.tgz --metrics prometheus --prometheus-service observability\/prometheus-server:80 --report-dir /m);
    expect(promoted.calls).not.toMatch(/helm upgrade/);
    expect(runWith(0, 2).status).toBe(2);
    expect(runWith(0, 1).status).toBe(1);
  });

  it('installs the first release on stable, with string values, and writes a report saying so', () => {
    const first = runWith(1, 0);
    expect(first.status).toBe(0);
    expect(first.calls).toMatch(/^helm upgrade --install delivery delivery-1\.2\.3\.tgz --namespace courier --values \S+\/k8s\/aks\/services\.values\.yaml --set-string image\.registry=couriercr\.azurecr\.io,image\.tag=v1\.2\.3,tracks\.stable\.version=v1\.2\.3 .*--atomic --wait/m);
    expect(first.calls).not.toMatch(/npx/);
    expect(first.report).toMatch(/first release/);
  });
});

describe('pipelines/pr.yml', () => {
  it('runs nx affected -t lint typecheck test e2e build against the target branch', () => {
    const pr = loadPipelineYaml('pipelines/pr.yml');
    const steps = allSteps(pr);
    expect(stepShell(shellOf(steps, /nx affected/))).toMatch(/^npx nx affected -t lint typecheck test e2e build --base=origin\/\$\(System\.PullRequest\.targetBranchName\)/);
    expect(steps.find((s) => s.checkout === 'self')?.fetchDepth).toBe(0);
    expect(pr.trigger).toBe('none');
  });
});
