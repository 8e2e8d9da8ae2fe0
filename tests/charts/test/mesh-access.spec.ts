import { valuesFilesFor } from '@courier/cluster';
import { chartWorkspace } from '../src/chart-workspace';
import { findObject, ofKind, parseManifests } from '../src/kube-object';
import { allowedNetworkPeers, allowedPrincipals } from '../src/mesh-access';
import { renderScenario } from '../src/scenario-rendering';
import { SCENARIOS, scenarioNames, STABLE_TAG } from '../src/scenarios';
import { chartDefaults, SERVICE_CHARTS } from '../src/service-charts';
import { inWorkspace } from '../src/workspace-paths';

/**
 * The call graph (ingress gateway -> web -> users, delivery; delivery -> users) is the only access
 * allowed, at L7 (mTLS principals) and at L3/4 (NetworkPolicy), in every rollout state.
 */
const KNOWN_CALLERS: Record<string, { principals: string[]; peers: string[] }> = {
  users: { principals: ['cluster.local/ns/courier/sa/delivery', 'cluster.local/ns/courier/sa/web'], peers: ['courier/app=delivery', 'courier/app=web'] },
  delivery: { principals: ['cluster.local/ns/courier/sa/web'], peers: ['courier/app=web'] },
  web: { principals: ['cluster.local/ns/istio-ingress/sa/istio-ingressgateway'], peers: ['istio-ingress/istio=ingressgateway'] },
};

/**
 * A service outside the call graph above (one added with tools/generators) is called by the
 * in-namespace workloads its chart lists, by name: their ServiceAccounts and `app` labels.
 */
function declaredCallers(service: string) {
  const callers = [...(chartDefaults(service).callers ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  if (callers.some((caller) => caller.namespace || caller.serviceAccount || caller.podLabels)) {
    throw new Error(`charts/${service} lists a caller outside the namespace convention: add ${service} to KNOWN_CALLERS`);
  }
  return {
    principals: callers.map((caller) => `cluster.local/ns/courier/sa/${caller.name}`),
    peers: callers.map((caller) => `courier/app=${caller.name}`),
  };
}

const CALLERS = Object.fromEntries(SERVICE_CHARTS.map((service) => [service, KNOWN_CALLERS[service] ?? declaredCallers(service)]));

describe.each(scenarioNames.filter(([name]) => name !== 'AKS environment values'))('mesh access: %s', (_name, scenario) => {
  const objects = () => renderScenario(scenario).objects;

  it.each(Object.entries(CALLERS))('%s accepts only its callers (AuthorizationPolicy and NetworkPolicy)', (service, expected) => {
    expect(allowedPrincipals(objects(), service)).toEqual(expected.principals);
    expect(allowedNetworkPeers(objects(), service)).toEqual(expected.peers);
  });

  it('enforces STRICT mTLS and default-deny ingress for the whole namespace', () => {
    const peerAuthentication = findObject(objects(), 'PeerAuthentication', 'default');
    expect(peerAuthentication.spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(findObject(objects(), 'NetworkPolicy', 'default-deny-ingress').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
  });

  it('gives every service its own ServiceAccount without an API token', () => {
    for (const service of Object.keys(CALLERS)) {
      expect(findObject(objects(), 'ServiceAccount', service).automountServiceAccountToken).toBe(false);
    }
  });
});

describe('mesh access on AKS', () => {
  it('lets the Istio add-on ingress gateway, and only it, call web', () => {
    // web is its own release on AKS, installed with the files tools/cluster lists for it.
    const { helm, chart } = chartWorkspace();
    const web = helm.template(chart('web'), 'web', { image: { tag: STABLE_TAG } }, valuesFilesFor('aks', 'web').map((file) => inWorkspace(file)));
    expect(web.stderr).toBe('');
    expect(allowedPrincipals(parseManifests(web.stdout), 'web')).toEqual(['cluster.local/ns/aks-istio-ingress/sa/aks-istio-ingressgateway-external']);
    const objects = renderScenario(SCENARIOS.find((scenario) => scenario.name === 'AKS environment values')!).objects;
    expect(findObject(objects, 'Gateway', 'courier-gateway').spec?.selector).toEqual({ istio: 'aks-istio-ingressgateway-external' });
  });
});

describe('/metrics on the service port', () => {
  it.each(SCENARIOS.filter((scenario) => scenario.name === 'stable only').flatMap((scenario) => ['users', 'delivery', 'web'].map((service) => [service, scenario] as const)))(
    'callers of %s, the ingress gateway included, cannot read it',
    (service, scenario) => {
      const rules = findObject(renderScenario(scenario).objects, 'AuthorizationPolicy', service).spec?.rules as { to: { operation: { notPaths?: string[] } }[] }[];
      expect(rules[0].to).toEqual([{ operation: { ports: ['8080'], notPaths: ['/metrics', '/metrics/*'] } }]);
    },
  );
});

describe('a meshed Prometheus', () => {
  it('may only GET /metrics on the service port', () => {
    const objects = renderScenario(SCENARIOS.find((scenario) => scenario.name === 'ServiceMonitor and a meshed scraper')!).objects;
    const rules = findObject(objects, 'AuthorizationPolicy', 'users').spec?.rules as unknown[];
    expect(rules[1]).toEqual({
      from: [{ source: { principals: ['cluster.local/ns/monitoring/sa/prometheus'] } }],
      to: [{ operation: { ports: ['8080'], methods: ['GET'], paths: ['/metrics'] } }],
    });
    expect(allowedPrincipals(objects, 'users')).toEqual(CALLERS.users.principals);
    expect(ofKind(objects, 'ServiceMonitor').map((monitor) => monitor.metadata.name)).toEqual(['users']);
  });
});

describe('the streams port (web\'s control-room events)', () => {
  const objects = () => renderScenario(SCENARIOS.find((scenario) => scenario.name === 'stable only')!).objects;

  it('has its own Service, web-streams, on the pods\' http-streams port, so Istio reports the streams apart from web', () => {
    expect(findObject(objects(), 'Service', 'web-streams').spec).toMatchObject({ selector: { app: 'web' }, ports: [{ name: 'http-streams', port: 8081, targetPort: 'http-streams', appProtocol: 'http' }] });
  });

  it('lets web\'s callers GET the stream paths there and nothing else', () => {
    const rules = findObject(objects(), 'AuthorizationPolicy', 'web').spec?.rules as { to: unknown[] }[];
    expect(rules[1].to).toEqual([{ operation: { ports: ['8081'], methods: ['GET'], paths: ['/api/control-room/events'] } }]);
  });

  it('is rendered for no service without streams', () => {
    for (const service of ['users', 'delivery']) {
      expect(objects().some((object) => object.kind === 'Service' && object.metadata?.name === `${service}-streams`)).toBe(false);
      expect((findObject(objects(), 'AuthorizationPolicy', service).spec?.rules as unknown[]).length).toBe(1);
    }
  });
});

describe('a service nobody calls yet (a generated one, until a manifest calls it)', () => {
  it('gets Istio\'s allow-nothing policy: ALLOW with an empty rule list, not a null one the API server rejects', () => {
    const { helm, chart } = chartWorkspace();
    const users = helm.template(chart('users'), 'users', { image: { tag: STABLE_TAG }, callers: [] }, []);
    expect(users.stderr).toBe('');
    expect(findObject(parseManifests(users.stdout), 'AuthorizationPolicy', 'users').spec).toEqual({ selector: { matchLabels: { app: 'users' } }, action: 'ALLOW', rules: [] });
  });
});
