import { findObject, ofKind } from '../src/kube-object';
import { allowedNetworkPeers, allowedPrincipals } from '../src/mesh-access';
import { renderScenario } from '../src/scenario-rendering';
import { SCENARIOS, scenarioNames } from '../src/scenarios';

/**
 * The call graph (ingress gateway -> web -> users, delivery; delivery -> users) is the only access
 * allowed, at L7 (mTLS principals) and at L3/4 (NetworkPolicy), in every rollout state.
 */
const CALLERS = {
  users: { principals: ['cluster.local/ns/courier/sa/delivery', 'cluster.local/ns/courier/sa/web'], peers: ['courier/app=delivery', 'courier/app=web'] },
  delivery: { principals: ['cluster.local/ns/courier/sa/web'], peers: ['courier/app=web'] },
  web: { principals: ['cluster.local/ns/istio-ingress/sa/istio-ingressgateway'], peers: ['istio-ingress/istio=ingressgateway'] },
};

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
    const objects = renderScenario(SCENARIOS.find((scenario) => scenario.name === 'AKS environment values')!).objects;
    expect(allowedPrincipals(objects, 'web')).toEqual(['cluster.local/ns/aks-istio-ingress/sa/aks-istio-ingressgateway-external']);
    expect(findObject(objects, 'Gateway', 'courier-gateway').spec?.selector).toEqual({ istio: 'aks-istio-ingressgateway-external' });
  });
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
