import { expectBinomial } from './support/binomial';
import { MeshHarness, workloadOf } from './support/mesh-harness';
import { settled } from './support/settled';
import { type TestUpstream } from './support/test-upstream';
import { deliveryWorkloads, startDeliveryTracks } from './support/workloads';

// The local mesh reading Kubernetes Gateway API HTTPRoutes (routing.api gateway-api), checked
// against the Gateway API specification (HTTPRoute, v1): matches ORed, conditions in a match ANDed,
// PathPrefix by path element, precedence across the rules of every route on one parent, weights
// across backendRefs, and RequestMirror with percent.

/** delivery's Services as the charts render them (routing.api gateway-api): its own, and the per-track backends. */
const TRACK_SERVICES = [['delivery', '{ app: delivery }'], ...['stable', 'canary'].map((track) => [`delivery-${track}`, `{ app: delivery, track: ${track} }`])]
  .map(([name, selector]) => `
apiVersion: v1
kind: Service
metadata: { name: ${name} }
spec:
  selector: ${selector}
  ports: [{ name: http, port: 8080, targetPort: http }]
`).join('---');

/** An HTTPRoute on the delivery Service with these rules (YAML list items, indented by four). */
const deliveryHttpRoute = (name: string, rules: string, metadata = '') => `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${name}${metadata} }
spec:
  parentRefs: [{ group: "", kind: Service, name: delivery, port: 8080 }]
  rules:
${rules}`;

const to = (track: string, weight?: number) => `{ name: delivery-${track}, port: 8080${weight === undefined ? '' : `, weight: ${weight}`} }`;

describe('HTTPRoute in the local mesh (Gateway API semantics)', () => {
  let stable: TestUpstream;
  let canary: TestUpstream;
  beforeAll(async () => {
    ({ stable, canary } = await startDeliveryTracks());
  });
  afterAll(async () => {
    await Promise.all([stable.close(), canary.close()]);
  });

  const withRoutes = async (routes: string[], test: (harness: MeshHarness) => Promise<void>) => {
    const harness = await MeshHarness.start({ yaml: [TRACK_SERVICES, ...routes].join('\n---\n'), workloads: deliveryWorkloads(stable, canary) });
    try {
      await test(harness);
    } finally {
      await harness.stop();
    }
  };
  const answeredBy = async (harness: MeshHarness, path: string, init: Parameters<MeshHarness['call']>[2] = {}) => workloadOf(await harness.call('delivery', path, init));

  it('splits traffic by backendRef weight, and a weight of 0 gets nothing', async () => {
    await withRoutes([deliveryHttpRoute('delivery', `    - backendRefs: [${to('stable', 90)}, ${to('canary', 10)}]\n`)], async (harness) => {
      const answers = (await harness.callMany(1000, 'delivery', '/deliveries')).map(workloadOf);
      expectBinomial(answers.filter((workload) => workload === 'delivery-v2').length, 1000, 0.1);
    });
    await withRoutes([deliveryHttpRoute('delivery', `    - backendRefs: [${to('stable', 100)}, ${to('canary', 0)}]\n`)], async (harness) => {
      expect(new Set((await harness.callMany(300, 'delivery', '/deliveries')).map(workloadOf))).toEqual(new Set(['delivery-v1']));
    });
  });

  it('ORs the matches of a rule and ANDs the conditions inside one match', async () => {
    const rules = `    - matches:
        - method: POST
          headers: [{ name: x-group, value: beta }]
        - queryParams: [{ name: variant, value: v2 }]
      backendRefs: [${to('canary')}]
    - backendRefs: [${to('stable')}]
`;
    await withRoutes([deliveryHttpRoute('delivery', rules)], async (harness) => {
      expect(await answeredBy(harness, '/deliveries', { method: 'POST', headers: { 'x-group': 'beta' }, body: '{}' })).toBe('delivery-v2');
      expect(await answeredBy(harness, '/deliveries', { method: 'POST', body: '{}' })).toBe('delivery-v1');
      expect(await answeredBy(harness, '/deliveries', { headers: { 'x-group': 'beta' } })).toBe('delivery-v1');
      expect(await answeredBy(harness, '/deliveries?variant=v2')).toBe('delivery-v2');
      // Query parameter names are case-sensitive; header names are not.
      expect(await answeredBy(harness, '/deliveries?Variant=v2')).toBe('delivery-v1');
      expect(await answeredBy(harness, '/deliveries', { method: 'POST', headers: { 'X-Group': 'beta' }, body: '{}' })).toBe('delivery-v2');
    });
  });

  it('matches PathPrefix by whole path elements, ignoring a trailing slash, and Exact without the query', async () => {
    const rules = `    - matches: [{ path: { type: PathPrefix, value: /api/ } }]
      backendRefs: [${to('canary')}]
    - matches: [{ path: { type: Exact, value: /v2 } }]
      backendRefs: [${to('canary')}]
    - backendRefs: [${to('stable')}]
`;
    await withRoutes([deliveryHttpRoute('delivery', rules)], async (harness) => {
      expect(await answeredBy(harness, '/api')).toBe('delivery-v2');
      expect(await answeredBy(harness, '/api/deliveries')).toBe('delivery-v2');
      expect(await answeredBy(harness, '/apix')).toBe('delivery-v1');
      expect(await answeredBy(harness, '/v2?x=1')).toBe('delivery-v2');
      expect(await answeredBy(harness, '/v2/')).toBe('delivery-v1');
    });
  });

  describe('precedence between overlapping rules, across routes on the same parent', () => {
    it('an Exact path beats any PathPrefix, and the longest PathPrefix beats a shorter one, whatever the order written', async () => {
      const rules = `    - matches: [{ path: { type: PathPrefix, value: / } }]
      backendRefs: [${to('stable')}]
    - matches: [{ path: { type: PathPrefix, value: /deliveries } }]
      backendRefs: [${to('canary')}]
    - matches: [{ path: { type: PathPrefix, value: /deliveries/old } }]
      backendRefs: [${to('stable')}]
    - matches: [{ path: { type: Exact, value: /deliveries/old/v2 } }]
      backendRefs: [${to('canary')}]
`;
      await withRoutes([deliveryHttpRoute('delivery', rules)], async (harness) => {
        expect(await answeredBy(harness, '/users')).toBe('delivery-v1');
        expect(await answeredBy(harness, '/deliveries/42')).toBe('delivery-v2');
        expect(await answeredBy(harness, '/deliveries/old/42')).toBe('delivery-v1');
        expect(await answeredBy(harness, '/deliveries/old/v2')).toBe('delivery-v2');
      });
    });

    it('on equal paths: a method match, then more header matches, then more query matches', async () => {
      const rules = `    - matches: [{ path: { value: /d }, queryParams: [{ name: a, value: "1" }, { name: b, value: "1" }] }]
      backendRefs: [${to('stable')}]
    - matches: [{ path: { value: /d }, headers: [{ name: x-a, value: "1" }] }]
      backendRefs: [${to('stable')}]
    - matches: [{ path: { value: /d }, headers: [{ name: x-a, value: "1" }, { name: x-b, value: "1" }] }]
      backendRefs: [${to('canary')}]
    - matches: [{ path: { value: /d }, method: GET }]
      backendRefs: [${to('canary')}]
`;
      await withRoutes([deliveryHttpRoute('delivery', rules)], async (harness) => {
        // Method outranks headers: GET with both headers goes to the method rule (canary) …
        expect(await answeredBy(harness, '/d', { headers: { 'x-a': '1', 'x-b': '1' } })).toBe('delivery-v2');
        // … so the header rules are told apart with another method: two headers beat one.
        expect(await answeredBy(harness, '/d', { method: 'POST', headers: { 'x-a': '1', 'x-b': '1' }, body: '{}' })).toBe('delivery-v2');
        expect(await answeredBy(harness, '/d', { method: 'POST', headers: { 'x-a': '1' }, body: '{}' })).toBe('delivery-v1');
        // Headers outrank query parameters, however many.
        expect(await answeredBy(harness, '/d?a=1&b=1', { method: 'POST', headers: { 'x-a': '1', 'x-b': '1' }, body: '{}' })).toBe('delivery-v2');
        expect(await answeredBy(harness, '/d?a=1&b=1', { method: 'POST', body: '{}' })).toBe('delivery-v1');
      });
    });

    it('ties between routes go to the oldest, then to namespace/name order; within a route, to the first rule', async () => {
      const same = (track: string) => `    - matches: [{ path: { value: /d } }]\n      backendRefs: [${to(track)}]\n`;
      // "b-route" is older: it wins although "a-route" comes first by name.
      await withRoutes([
        deliveryHttpRoute('a-route', same('stable'), ', creationTimestamp: "2026-12-04T10:00:00Z"'),
        deliveryHttpRoute('b-route', same('canary'), ', creationTimestamp: "2026-12-01T10:00:00Z"'),
      ], async (harness) => expect(await answeredBy(harness, '/d')).toBe('delivery-v2'));
      // Rendered, not applied (no timestamps): by name.
      await withRoutes([deliveryHttpRoute('b-route', same('canary')), deliveryHttpRoute('a-route', same('stable'))],
        async (harness) => expect(await answeredBy(harness, '/d')).toBe('delivery-v1'));
      await withRoutes([deliveryHttpRoute('delivery', same('canary') + same('stable'))],
        async (harness) => expect(await answeredBy(harness, '/d')).toBe('delivery-v2'));
    });
  });

  it('mirrors the share RequestMirror percent asks for to its backend, and answers from the primary one', async () => {
    const rules = `    - backendRefs: [${to('stable')}]
      filters:
        - type: RequestMirror
          requestMirror: { backendRef: { name: delivery-canary, port: 8080 }, percent: 50 }
`;
    await withRoutes([deliveryHttpRoute('delivery', rules)], async (harness) => {
      const before = canary.received.length;
      const answers = await harness.callMany(1000, 'delivery', '/deliveries');
      expect(new Set(answers.map(workloadOf))).toEqual(new Set(['delivery-v1']));
      expectBinomial(await settled(() => canary.received.length) - before, 1000, 0.5);
    });
  });

  it('reaches the pods\' port its Service targets, not another port of the same pods', async () => {
    // The same pods also serve streams on a port of their own, behind delivery-streams: a backend
    // selecting the pods by label must still reach only the port its Service targets.
    const streams = await startDeliveryTracks();
    const streamsService = `apiVersion: v1
kind: Service
metadata: { name: delivery-streams }
spec:
  selector: { app: delivery }
  ports: [{ name: http-streams, port: 3005, targetPort: http-streams }]
`;
    const workloads = [...deliveryWorkloads(stable, canary), ...deliveryWorkloads(streams.stable, streams.canary).map((workload) => ({ ...workload, service: 'delivery-streams', name: `${workload.name}-streams` }))];
    const harness = await MeshHarness.start({
      yaml: [TRACK_SERVICES, streamsService, deliveryHttpRoute('delivery', `    - backendRefs: [${to('stable')}]\n`)].join('\n---\n'),
      workloads,
    });
    try {
      const before = streams.stable.received.length;
      expect(new Set((await harness.callMany(50, 'delivery', '/deliveries')).map(workloadOf))).toEqual(new Set(['delivery-v1']));
      expect(streams.stable.received.length - before).toBe(0);
    } finally {
      await harness.stop();
      await Promise.all([streams.stable.close(), streams.canary.close()]);
    }
  });

  it('answers 500 for a rule whose every backend has weight 0, as the Gateway API requires', async () => {
    await withRoutes([deliveryHttpRoute('delivery', `    - backendRefs: [${to('stable', 0)}]\n`)], async (harness) => {
      expect((await harness.call('delivery', '/deliveries')).status).toBe(500);
    });
  });
});
