import { referenceProblems, templateReferences } from '../src/template-references';
import { pipelineYamlFiles } from '../src/workspace-paths';

describe('template references', () => {
  const refs = pipelineYamlFiles().flatMap(templateReferences);

  it('exist', () => {
    expect(refs.length).toBeGreaterThan(0);
  });

  it('resolve, and pass only declared parameters, with every required one', () => {
    expect(refs.flatMap(referenceProblems)).toEqual([]);
  });

  it('report a missing template and an undeclared parameter', () => {
    const from = 'pipelines/users.yml';
    expect(referenceProblems({ from, template: 'templates/nope.yml', resolved: 'pipelines/templates/nope.yml', parameters: {} })[0]).toMatch(
      /does not exist/,
    );
    const problems = referenceProblems({
      from,
      template: 'templates/cd.yml',
      resolved: 'pipelines/templates/cd.yml',
      parameters: { service: 'users', strategy: 'linear', colour: 'blue' },
    });
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/colour, which the template does not declare/), expect.stringMatching(/strategy=linear/)]),
    );
  });
});
