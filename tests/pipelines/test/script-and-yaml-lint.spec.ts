import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { requireTool } from '@courier/testenv';
import { workspaceFiles, workspaceRoot } from '../src/workspace-paths';

/** What the pipelines and CI run: the pipeline scripts, the CI scripts and the CI entry point. */
const shellScripts = () => workspaceFiles(/^(pipelines\/scripts\/[^/]+\.sh|\.ci\/.+\.sh|tools\/image\/.+\.sh|\.ci\/run)$/);

/** YAML edited by hand; chart templates are Go templates and are checked by `helm lint --strict` instead. */
const yamlFiles = () => workspaceFiles(/^(pipelines\/.+\.ya?ml|docker-compose\.yml|deploy\/.+\.ya?ml|k8s\/.+\.ya?ml|charts\/[^/]+\/(values|Chart)\.yaml)$/);

describe('scripts and YAML lint', () => {
  const shellcheck = requireTool('shellcheck', 'pipelines-test', 'the shellcheck check of pipelines/scripts and .ci');
  (shellcheck ? it : it.skip)('every pipeline and CI shell script is shellcheck-clean', () => {
    const scripts = shellScripts();
    expect(scripts).toEqual(expect.arrayContaining(['pipelines/scripts/image-tag.sh', '.ci/run']));
    const result = spawnSync(shellcheck as string, ['--format=gcc', ...scripts], { cwd: workspaceRoot, encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  const yamllint = requireTool('yamllint', 'pipelines-test', 'the yamllint check of pipelines, compose, k8s and chart values');
  (yamllint ? it : it.skip)('every hand-written YAML file passes yamllint with .yamllint.yaml', () => {
    const files = yamlFiles();
    expect(files).toEqual(expect.arrayContaining(['pipelines/users.yml', 'docker-compose.yml']));
    const result = spawnSync(yamllint as string, ['--strict', '--format', 'parsable', '--config-file', path.join(workspaceRoot, '.yamllint.yaml'), ...files], { cwd: workspaceRoot, encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
});
