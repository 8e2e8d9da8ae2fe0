import { celFailures, emptyTally } from '../src/cel-rules';
import { withCrdDefaults } from '../src/crd-defaults';
import { apiServerSchemas, crdRawSchemas, GATEWAY_API_CRD_FILE } from '../src/istio-crds';
import { findObject, type KubeObject, objectId, ofKind } from '../src/kube-object';
import { httpRouteTable, routeTable } from '../src/route-table';
import { renderScenario } from '../src/scenario-rendering';
import { SCENARIOS, scenarioNames } from '../src/scenarios';
import { SERVICE_CHARTS } from '../src/service-charts';
import { SchemaValidator, schemaKey } from '../src/schema-validator';
import { vendorArtefactsPresent } from '../src/vendor-artefacts';

// routing.api gateway-api: every scenario rendered through the Kubernetes Gateway API instead of
// Istio's VirtualService API. The same rollout values must give the same routing decisions, and
// every HTTPRoute and Gateway must pass the Gateway API's own CRDs (v1.6.1, standard channel).

const isGatewayApi = (object: KubeObject) => object.apiVersion.startsWith('gateway.networking.k8s.io/');

describe.each(scenarioNames)('routing.api gateway-api: %s', (_name, scenario) => {
  const objects = () => renderScenario(scenario, 'gateway-api').objects;
  const service = scenario.service;

  it(`routes ${service} exactly as the VirtualService of the same values does`, () => {
    const viaIstio = routeTable(findObject(renderScenario(scenario).objects, 'VirtualService', service));
    expect(viaIstio).toEqual(scenario.routes);
    expect(httpRouteTable(findObject(objects(), 'HTTPRoute', service), service)).toEqual(viaIstio);
  });

  it('attaches the mesh route to the service itself, and gives each deployed track a Service selecting its pods', () => {
    expect(findObject(objects(), 'HTTPRoute', service).spec?.parentRefs).toEqual([{ group: '', kind: 'Service', name: service, port: 8080 }]);
    const trackServices = ofKind(objects(), 'Service').filter((object) => scenario.deployments.includes(object.metadata.name));
    expect(trackServices.map((object) => [object.metadata.name, (object.spec?.selector as Record<string, string>).track])).toEqual(
      scenario.deployments.map((deployment) => [deployment, deployment.slice(service.length + 1)]));
  });

  it('renders no VirtualService or DestinationRule, and keeps the same Deployments', () => {
    expect(objects().filter((object) => ['VirtualService', 'DestinationRule'].includes(object.kind)).map(objectId)).toEqual([]);
    const deployments = (rendered: KubeObject[]) => ofKind(rendered, 'Deployment').map((object) => object.metadata.name);
    expect(deployments(objects())).toEqual(deployments(renderScenario(scenario).objects));
  });

  it('routes the ingress like the istio render, on the same public paths, from the Gateway', () => {
    const viaIstio = routeTable(findObject(renderScenario(scenario).objects, 'VirtualService', 'web-ingress'));
    const ingress = findObject(objects(), 'HTTPRoute', 'web-ingress');
    expect(httpRouteTable(ingress, 'web')).toEqual(viaIstio);
    expect(ingress.spec?.parentRefs).toEqual([{ name: 'courier-gateway' }]);
  });

  it('lets the proxy Istio deploys for the Gateway call web, and no one new call anything else', () => {
    // Every principal any rule admits (a service nobody calls has no rule at all).
    const principals = (name: string, rendered: KubeObject[]) => [...new Set(
      ((findObject(rendered, 'AuthorizationPolicy', name).spec?.rules ?? []) as { from?: { source: { principals?: string[] } }[] }[])
        .flatMap((rule) => rule.from ?? []).flatMap((from) => from.source.principals ?? []))];
    for (const other of SERVICE_CHARTS) {
      const added = principals(other, objects()).filter((principal) => !principals(other, renderScenario(scenario).objects).includes(principal));
      expect([other, added]).toEqual([other, other === 'web' ? ['cluster.local/ns/courier/sa/courier-gateway-istio'] : []]);
    }
  });
});

const vendorPresent = vendorArtefactsPresent('Gateway API CRDs', [GATEWAY_API_CRD_FILE]);

(vendorPresent ? describe : describe.skip)('Gateway API objects against the Gateway API v1.6.1 CRDs', () => {
  let objects: { source: string; object: KubeObject }[];
  let rawSchemas: Map<string, Record<string, unknown>>;
  let validator: SchemaValidator;
  beforeAll(() => {
    objects = SCENARIOS.flatMap((scenario) => renderScenario(scenario, 'gateway-api').objects.filter(isGatewayApi)
      .map((object) => ({ source: `scenario "${scenario.name}" ${objectId(object)}`, object })));
    rawSchemas = crdRawSchemas(GATEWAY_API_CRD_FILE);
    validator = new SchemaValidator(apiServerSchemas(rawSchemas));
  });

  it('finds an HTTPRoute per service, web\'s ingress route and the Gateway in every scenario', () => {
    expect([...new Set(objects.map(({ object }) => `${object.apiVersion} ${object.kind}`))].sort()).toEqual(
      ['gateway.networking.k8s.io/v1 Gateway', 'gateway.networking.k8s.io/v1 HTTPRoute']);
    expect(objects.filter(({ object }) => object.kind === 'HTTPRoute')).toHaveLength(SCENARIOS.length * (SERVICE_CHARTS.length + 1));
  });

  it('accepts every object, with no field the API server would reject or prune', () => {
    expect(objects.filter(({ object }) => !validator.knows(object)).map(({ source }) => source)).toEqual([]);
    const invalid = objects.map(({ source, object }) => ({ source, errors: validator.errors(object) ?? ['no CRD'] })).filter(({ errors }) => errors.length > 0);
    expect(invalid).toEqual([]);
  });

  it('passes every CEL rule of the CRDs the objects reach, on the objects as the API server defaults them', () => {
    const tally = emptyTally();
    const failing = objects.flatMap(({ source, object }) => {
      const schema = rawSchemas.get(schemaKey(object));
      return celFailures(withCrdDefaults(object, schema), schema, tally).map((failure) => `${source} ${failure.path}: ${failure.message}`);
    });
    expect(failing).toEqual([]);
    expect(tally.evaluated).toBeGreaterThan(objects.length);
  });

  it('rejects what the API server would: a weight over the limit, a misspelt field, a mirror percent over 100', () => {
    const route = structuredClone(objects.find(({ object }) => object.kind === 'HTTPRoute' && ((object.spec?.rules as unknown[]) ?? []).length > 0)!.object);
    const rule = (route.spec as { rules: Record<string, unknown>[] }).rules[0];
    rule.backendRefs = [{ name: 'delivery-stable', port: 8080, weigth: 10, weight: 1_000_001 }];
    rule.filters = [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'delivery-canary', port: 8080 }, percent: 101 } }];
    expect(validator.errors(route)).toEqual(expect.arrayContaining([
      '/spec/rules/0/backendRefs/0 must NOT have additional properties: weigth',
      '/spec/rules/0/backendRefs/0/weight must be <= 1000000',
      '/spec/rules/0/filters/0/requestMirror/percent must be <= 100',
    ]));
  });
});
