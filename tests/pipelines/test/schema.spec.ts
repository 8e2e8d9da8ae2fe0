import * as fs from 'node:fs';
import Ajv from 'ajv';
import { parsePipelineYaml, loadPipelineYaml } from '../src/pipeline-yaml';
import { pipelineYamlFiles, schemaFile } from '../src/workspace-paths';

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as object);

function errorsOf(doc: unknown): string {
  return validate(doc) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

describe('pipelines/ YAML against the schema of the subset we use', () => {
  const files = pipelineYamlFiles();

  it('finds the service, PR and template files', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'pipelines/users.yml',
        'pipelines/delivery.yml',
        'pipelines/web.yml',
        'pipelines/pr.yml',
        'pipelines/templates/ci.yml',
        'pipelines/templates/cd.yml',
        'pipelines/templates/variables.yml',
      ]),
    );
  });

  it.each(files)('%s parses and validates', (file) => {
    expect(errorsOf(loadPipelineYaml(file))).toBe('');
  });

  it('rejects unknown keys (additionalProperties: false)', () => {
    const doc = parsePipelineYaml('trigger: none\nsteps:\n  - script: npx nx test users\n    displayname: typo\n');
    expect(errorsOf(doc)).toMatch(/must NOT have additional properties|must match exactly one schema/);
    expect(errorsOf(parsePipelineYaml('trigger: none\nstages: []\ntriggers: none\n'))).not.toBe('');
  });

  it('rejects tasks outside the subset and YAML anchors', () => {
    expect(errorsOf(parsePipelineYaml('steps:\n  - task: KubernetesManifest@1\n'))).not.toBe('');
    expect(() => parsePipelineYaml('a: &x [1]\nb: *x\n')).toThrow(/anchors/);
    expect(() => parsePipelineYaml('a: 1\na: 2\n')).toThrow();
  });
});
