import { istioSemanticErrors } from '../src/istio-semantics';
import { findObject, type KubeObject } from '../src/kube-object';
import { renderScenario } from '../src/scenario-rendering';
import { SCENARIOS, scenarioNames } from '../src/scenarios';

describe.each(scenarioNames)('Istio semantics: %s', (_name, scenario) => {
  it('has weights summing to 100, existing subsets and hosts, mirror 0-100 and existing gateways', () => {
    expect(istioSemanticErrors(renderScenario(scenario).objects)).toEqual([]);
  });
});

/** The checker itself must catch each broken rule; otherwise a green run proves nothing. */
describe('the Istio semantics check', () => {
  const canary = SCENARIOS.find((scenario) => scenario.name === 'canary 10')!;
  const mirror = SCENARIOS.find((scenario) => scenario.name === 'mirror 20')!;
  const broken = (source: typeof canary, change: (objects: KubeObject[]) => void) => {
    const objects = structuredClone(renderScenario(source).objects);
    change(objects);
    return istioSemanticErrors(objects);
  };
  const primaryRoute = (objects: KubeObject[], name: string) =>
    ((findObject(objects, 'VirtualService', name).spec?.http as Record<string, unknown>[]).find((route) => route.name === 'primary')!) as {
      route: { destination: { host: string; subset: string }; weight: number }[]; mirrorPercentage?: { value: number }; mirror?: unknown;
    };

  it('reports weights that do not sum to 100', () => {
    expect(broken(canary, (objects) => { primaryRoute(objects, 'delivery').route[1].weight = 30; }))
      .toContain('VirtualService/delivery http[0] (primary): weights sum to 120, not 100');
  });

  it('reports a subset missing from the DestinationRule', () => {
    expect(broken(canary, (objects) => { primaryRoute(objects, 'delivery').route[1].destination.subset = 'green'; }))
      .toContain('VirtualService/delivery http[0] (primary): destination subset green is not defined in a DestinationRule for host delivery');
  });

  it('reports a host without a Service', () => {
    expect(broken(canary, (objects) => { primaryRoute(objects, 'delivery').route[0].destination.host = 'deliveries'; }))
      .toContain('VirtualService/delivery http[0] (primary): destination host deliveries has no Service');
  });

  it('reports a mirror percentage above 100', () => {
    expect(broken(mirror, (objects) => { primaryRoute(objects, 'delivery').mirrorPercentage = { value: 120 }; }))
      .toContain('VirtualService/delivery http[0] (primary): mirrorPercentage 120 is not between 0 and 100');
  });

  it('reports a gateway that does not exist', () => {
    expect(broken(canary, (objects) => { findObject(objects, 'VirtualService', 'web-ingress').spec!.gateways = ['public-gateway']; }))
      .toContain('VirtualService/web-ingress: gateway public-gateway does not exist');
  });

  it('reports a subset that selects no pods', () => {
    expect(broken(canary, (objects) => {
      const deployment = findObject(objects, 'Deployment', 'delivery-canary');
      (deployment.spec!.template as { metadata: { labels: Record<string, string> } }).metadata.labels.track = 'canery';
    })).toContain('DestinationRule/delivery: subset canary selects no rendered pods ({"app":"delivery","track":"canary"})');
  });

  it('reports a wildcard host bound to the mesh', () => {
    expect(broken(canary, (objects) => { delete findObject(objects, 'VirtualService', 'web-ingress').spec!.gateways; }))
      .toContain('VirtualService/web-ingress: wildcard host * is not allowed for virtual services bound to the mesh gateway');
  });
});
