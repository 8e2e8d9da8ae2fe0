import { chartWorkspace } from './chart-workspace';
import { type HelmResult } from './helm-cli';
import { type KubeObject, parseManifests } from './kube-object';
import { type MeshMode, type RoutingApi, type Scenario, umbrellaValues } from './scenarios';

export interface RenderedScenario {
  readonly result: HelmResult;
  readonly objects: KubeObject[];
}

const rendered = new Map<string, RenderedScenario>();

/**
 * `helm template` of the umbrella chart with the scenario's values, once per test file. With
 * `gateway-api`, the umbrella and every service take routing.api gateway-api, as courier-cluster
 * gives every release of a namespace the same; likewise mesh.mode ambient.
 */
export function renderScenario(scenario: Scenario, api: RoutingApi = 'istio', mode: MeshMode = 'sidecar'): RenderedScenario {
  const key = `${api} ${mode} ${scenario.name}`;
  const cached = rendered.get(key);
  if (cached) return cached;
  const { helm, chart } = chartWorkspace();
  const result = helm.template(chart('courier'), 'courier', umbrellaValues(scenario, api, mode), scenario.environment);
  if (result.status !== 0) throw new Error(`helm template failed for scenario "${scenario.name}" (routing.api ${api}, mesh.mode ${mode}):\n${result.stderr}`);
  const scenarioRender = { result, objects: parseManifests(result.stdout) };
  rendered.set(key, scenarioRender);
  return scenarioRender;
}
