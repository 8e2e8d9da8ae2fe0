import { MeshServer, parseObjects, silentLogger } from '../src';
import { OtlpJsonReceiver } from './support/otlp-json-receiver';
import { TestUpstream } from './support/test-upstream';
import { workloadFor } from './support/workloads';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';

describe('proxy spans (tracing.otlpEndpoint)', () => {
  let receiver: OtlpJsonReceiver;
  let upstream: TestUpstream;
  let mesh: MeshServer;
  const gatewayUrl = () => mesh.listeners.find((listener) => listener.gateway !== undefined)?.url as string;
  const sidecarUrl = () => mesh.listeners.find((listener) => listener.host === 'users')?.url as string;

  beforeAll(async () => {
    receiver = await OtlpJsonReceiver.start();
    upstream = await TestUpstream.start('users-v1');
    mesh = await MeshServer.start({
      config: {
        namespace: 'courier',
        adminPort: 0,
        listeners: [
          { port: 0, host: 'users' },
          { port: 0, gateway: 'courier-gateway', host: 'users' },
        ],
        workloads: [workloadFor(upstream, 'users', 'v1', 'stable')],
        tracing: { otlpEndpoint: receiver.endpoint },
      },
      objects: parseObjects(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: users-gateway }
spec:
  hosts: ["*"]
  gateways: [courier-gateway]
  http: [{ route: [{ destination: { host: users } }] }]
`),
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await mesh.stop();
    await upstream.close();
    await receiver.close();
  });
  beforeEach(() => upstream.received.splice(0));

  it('a sidecar reports a CLIENT span that is the child of the caller and the parent of the callee', async () => {
    const traceId = TRACE_ID.replace(/^4/, '1');
    await fetch(`${sidecarUrl()}/users`, { headers: { traceparent: `00-${traceId}-${CLIENT_SPAN}-01` } });
    const [span] = await receiver.waitForTrace(traceId, (spans) => spans.length > 0);

    expect(span).toMatchObject({ kind: 3, parentSpanId: CLIENT_SPAN, name: 'users.courier.svc.cluster.local:80/*' });
    expect(span.attributes).toMatchObject({ component: 'proxy', 'http.response.status_code': '200', upstream_cluster: 'outbound|80|v1|users.courier.svc.cluster.local' });
    expect(span.resource).toMatchObject({ 'service.name': 'courier-mesh', 'service.version': expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(upstream.received[0].headers.traceparent).toBe(`00-${traceId}-${span.spanId}-01`);
  });

  it('the ingress gateway reports a SERVER span, starting the trace when the browser sent none', async () => {
    await fetch(`${gatewayUrl()}/users`);
    const [, traceId, parentId] = String(upstream.received[0].headers.traceparent).split('-');
    const [span] = await receiver.waitForTrace(traceId, (spans) => spans.length > 0);

    expect(span.kind).toBe(2);
    expect(span.spanId).toBe(parentId);
    expect(span.attributes.node_id).toBe('router~istio-ingressgateway');
  });

  it('propagates but does not record requests the caller did not sample', async () => {
    const traceId = TRACE_ID.replace(/^4/, '2');
    const traceparent = `00-${traceId}-${CLIENT_SPAN}-00`;
    await fetch(`${sidecarUrl()}/users`, { headers: { traceparent } });
    // Spans leave in order, so once a later sampled request's span arrived, the unsampled one would have too.
    const laterTraceId = TRACE_ID.replace(/^4/, '3');
    await fetch(`${sidecarUrl()}/users`, { headers: { traceparent: `00-${laterTraceId}-${CLIENT_SPAN}-01` } });
    await receiver.waitForTrace(laterTraceId, (spans) => spans.length > 0);

    expect(upstream.received[0].headers.traceparent).toBe(traceparent);
    expect(receiver.spans.filter((span) => span.traceId === traceId)).toEqual([]);
  });
});

describe('tracing config', () => {
  it('rejects an endpoint that is not an http(s) URL, naming the field', async () => {
    const start = MeshServer.start({ config: { adminPort: 0, listeners: [{ port: 0, host: 'users' }], workloads: [], tracing: { otlpEndpoint: 'jaeger:4318' } }, logger: silentLogger });
    await expect(start).rejects.toThrow(/tracing\.otlpEndpoint: expected an http\(s\) URL/);
  });
});
