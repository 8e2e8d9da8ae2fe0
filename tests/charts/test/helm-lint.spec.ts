import { chartWorkspace } from '../src/chart-workspace';
import { scenarioNames, serviceValues, umbrellaValues } from '../src/scenarios';

describe('helm lint --strict', () => {
  it('passes for the library chart', () => {
    const { helm, chart } = chartWorkspace();
    const result = helm.lint(chart('courier-lib'), {});
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  describe.each(scenarioNames)('%s', (_name, scenario) => {
    it('passes for the umbrella chart', () => {
      const { helm, chart } = chartWorkspace();
      const result = helm.lint(chart('courier'), umbrellaValues(scenario), scenario.environment);
      expect(`${result.stdout}${result.stderr}`).toContain('1 chart(s) linted, 0 chart(s) failed');
      expect(result.status).toBe(0);
    });

    it(`passes for the ${scenario.service} chart on its own`, () => {
      const { helm, chart } = chartWorkspace();
      const result = helm.lint(chart(scenario.service), serviceValues(scenario));
      expect(`${result.stdout}${result.stderr}`).toContain('1 chart(s) linted, 0 chart(s) failed');
      expect(result.status).toBe(0);
    });
  });
});
