import { type KubeObject, objectId } from '../src/kube-object';
import { validateModels } from '../src/model-validation';
import { renderScenario } from '../src/scenario-rendering';
import { SCENARIOS, scenarioNames } from '../src/scenarios';

const idOf = (scenario: string, object: KubeObject) => `${scenario} :: ${objectId(object)}`;

describe('rendered objects against their schemas (kubernetes-models, @kubernetes-models/istio)', () => {
  let results: ReturnType<typeof validateModels>;

  beforeAll(() => {
    const objects = new Map<string, KubeObject>();
    for (const scenario of SCENARIOS) {
      for (const object of renderScenario(scenario).objects) objects.set(idOf(scenario.name, object), object);
    }
    results = validateModels(objects);
  });

  describe.each(scenarioNames)('%s', (name, scenario) => {
    it('every object has a schema and validates', () => {
      const report = renderScenario(scenario).objects.map((object) => {
        const result = results.get(idOf(name, object));
        return { object: objectId(object), model: result?.model ?? null, errors: result?.errors ?? ['not validated'] };
      });
      expect(report.filter((entry) => entry.model === null || entry.errors.length > 0)).toEqual([]);
    });
  });

  it('rejects an object that breaks its schema, with the path and the reason', () => {
    const deployment = structuredClone(renderScenario(SCENARIOS[0]).objects.find((object) => object.kind === 'Deployment')!);
    ((deployment.spec!.template as { spec: { containers: { ports: { containerPort: unknown }[] }[] } }).spec.containers[0].ports[0]).containerPort = 'http';
    const virtualService = structuredClone(renderScenario(SCENARIOS[0]).objects.find((object) => object.kind === 'VirtualService')!);
    ((virtualService.spec!.http as { route: { weight: unknown }[] }[])[0].route[0]).weight = 'ninety';
    const results = validateModels(new Map([['deployment', deployment], ['virtualService', virtualService]]));
    expect(results.get('deployment')?.errors).toEqual(['/spec/template/spec/containers/0/ports/0/containerPort must be integer']);
    expect(results.get('virtualService')?.errors).toEqual(['/spec/http/0/route/0/weight must be integer']);
  });
});
