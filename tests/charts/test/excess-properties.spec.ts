import { checkExcessProperties, type TypeCheckResult } from '../src/excess-property-check';
import { findObject, type KubeObject, objectId } from '../src/kube-object';
import { renderScenario } from '../src/scenario-rendering';
import { SCENARIOS, scenarioNames } from '../src/scenarios';

/** Identical objects across scenarios are checked once; tsc runs once for the whole suite. */
const keyOf = (object: KubeObject) => JSON.stringify(object);

describe('unknown fields in rendered objects (tsc --noEmit against the model interfaces)', () => {
  let result: TypeCheckResult;
  const unique = new Map<string, KubeObject>();

  beforeAll(() => {
    for (const scenario of SCENARIOS) {
      for (const object of renderScenario(scenario).objects) unique.set(keyOf(object), object);
    }
    // A deliberate typo, so the run proves tsc reports what it should.
    const planted = structuredClone(findObject(renderScenario(SCENARIOS[0]).objects, 'VirtualService', 'delivery'));
    (planted.spec!.http as Record<string, unknown>[])[0].retrys = { attempts: 3 };
    unique.set('planted', planted);
    result = checkExcessProperties(new Map([...unique].map(([key, object]) => [key, object])), 'all-scenarios');
  }, 120_000);

  it('reports nothing it cannot attribute to an object', () => {
    expect(result.unattributed).toEqual([]);
  });

  describe.each(scenarioNames)('%s', (_name, scenario) => {
    it('every object declares only fields its interface knows', () => {
      const errors = renderScenario(scenario).objects
        .filter((object) => result.errors.has(keyOf(object)))
        .map((object) => ({ object: objectId(object), errors: result.errors.get(keyOf(object)) }));
      expect(errors).toEqual([]);
    });
  });

  it('catches a misspelt field', () => {
    expect(result.errors.get('planted')).toEqual([
      expect.stringMatching(/^error TS2353: Object literal may only specify known properties, and '"?retrys"?' does not exist in type/),
    ]);
  });
});
