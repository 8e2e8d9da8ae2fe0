import { chartWorkspace } from './chart-workspace';
import { type HelmResult } from './helm-cli';
import { type KubeObject, parseManifests } from './kube-object';
import { type Scenario, umbrellaValues } from './scenarios';

export interface RenderedScenario {
  readonly result: HelmResult;
  readonly objects: KubeObject[];
}

const rendered = new Map<string, RenderedScenario>();

/** `helm template` of the umbrella chart with the scenario's values, once per test file. */
export function renderScenario(scenario: Scenario): RenderedScenario {
  const cached = rendered.get(scenario.name);
  if (cached) return cached;
  const { helm, chart } = chartWorkspace();
  const result = helm.template(chart('courier'), 'courier', umbrellaValues(scenario), scenario.environment);
  if (result.status !== 0) throw new Error(`helm template failed for scenario "${scenario.name}":\n${result.stderr}`);
  const scenarioRender = { result, objects: parseManifests(result.stdout) };
  rendered.set(scenario.name, scenarioRender);
  return scenarioRender;
}
