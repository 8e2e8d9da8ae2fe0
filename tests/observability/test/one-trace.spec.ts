import { randomBytes } from 'node:crypto';
import { OtlpJsonReceiver, type ReceivedSpan } from '../../../tools/mesh/test/support/otlp-json-receiver';
import { startTestStack, type TestStack } from '../../e2e/test/support/start-test-stack';
import { sendCustomerTraffic } from './support/customer-traffic';
import { serviceOf, SpanTree } from './support/span-tree';

const SERVER = 2;
const CLIENT = 3;

/**
 * One request from the "browser" through the ingress gateway → web → mesh → delivery → mesh →
 * users, and both databases, must be one trace with every hop linked to its caller. The OTLP
 * receiver is in this process (Jaeger cannot run here); every exporter speaks OTLP/HTTP JSON.
 */
describe('one trace across every hop', () => {
  let receiver: OtlpJsonReceiver;
  let stack: TestStack;
  const saved = { ...process.env };

  beforeAll(async () => {
    receiver = await OtlpJsonReceiver.start();
    // Inherited by the service processes and read by the stack's mesh, as `npm start` would be.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.endpoint;
    process.env.OTEL_BSP_SCHEDULE_DELAY = '200';
    stack = await startTestStack();
    // A cold process can miss the owner check's 1.5 s deadline on a busy machine; the traced request should not.
    await sendCustomerTraffic(stack.stack.gatewayUrl, 1);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
    process.env = saved;
  });

  it('links browser → gateway → web → delivery → users → PostgreSQL in one trace, each span with service.version', async () => {
    const gateway = stack.stack.gatewayUrl;
    const user = await (await post(`${gateway}/api/users`, { email: `trace-${Date.now()}@example.com`, name: 'Trace' })).json();
    const traceId = randomBytes(16).toString('hex');
    const browserSpanId = randomBytes(8).toString('hex');

    const created = await post(
      `${gateway}/api/deliveries`,
      { ownerId: user.id, pickupAddress: '1 Market St', dropoffAddress: '500 Harbour Rd', distanceKm: 7.5 },
      { traceparent: `00-${traceId}-${browserSpanId}-01`, 'idempotency-key': `trace-${traceId}` },
    );
    expect([created.status, created.status === 201 ? "" : await created.text()]).toEqual([201, ""]);

    const isUsersServer = (span: ReceivedSpan) => span.kind === SERVER && serviceOf(span) === 'users';
    // Each process exports on its own schedule, and a server span ends after its children: wait for every hop.
    const everyHop = (all: ReceivedSpan[]) =>
      ['courier-mesh', 'web', 'delivery', 'users'].every((service) => all.some((span) => serviceOf(span) === service && span.kind === SERVER) || service === 'courier-mesh') &&
      all.filter((span) => serviceOf(span) === 'courier-mesh').length >= 3 &&
      ['users', 'delivery'].every((service) => all.some((span) => serviceOf(span) === service && span.name.startsWith('prisma:client:operation')));
    const spans = await receiver.waitForTrace(traceId, everyHop);
    const tree = new SpanTree(spans);
    expect(receiver.rejected).toEqual([]);

    // The gateway is the only span whose parent (the browser's) is outside the trace.
    const gatewaySpan = tree.find('the ingress gateway', (span) => serviceOf(span) === 'courier-mesh' && span.kind === SERVER);
    expect(tree.orphans()).toEqual([gatewaySpan]);
    expect(gatewaySpan.parentSpanId).toBe(browserSpanId);

    const webServer = tree.find('web serving POST /api/deliveries', (span) => serviceOf(span) === 'web' && span.kind === SERVER);
    expect(tree.parentOf(webServer)).toBe(gatewaySpan);

    const deliveryServer = tree.find('delivery serving POST /deliveries', (span) => serviceOf(span) === 'delivery' && span.kind === SERVER);
    const deliverySidecar = tree.parentOf(deliveryServer);
    expect(deliverySidecar).toMatchObject({ kind: CLIENT, resource: { 'service.name': 'courier-mesh' }, attributes: { 'istio.canonical_service': 'delivery' } });
    expect(tree.ancestry(deliveryServer)).toContain(webServer);

    const usersServer = tree.find('users serving the owner check', isUsersServer);
    const usersSidecar = tree.parentOf(usersServer);
    expect(usersSidecar).toMatchObject({ kind: CLIENT, resource: { 'service.name': 'courier-mesh' }, attributes: { 'istio.canonical_service': 'users' } });
    expect(tree.ancestry(usersServer)).toContain(deliveryServer);

    // The database hops: Prisma's operation span, and pg's span for the SQL it sent, under the service that ran it.
    for (const [service, server] of [['users', usersServer], ['delivery', deliveryServer]] as const) {
      const prisma = tree.find(`${service}'s Prisma operation`, (span) => serviceOf(span) === service && span.name.startsWith('prisma:client:operation'));
      expect(tree.ancestry(prisma)).toContain(server);
      const sql = tree.find(`${service}'s pg query`, (span) => serviceOf(span) === service && span.kind === CLIENT && span.name.startsWith('pg.query'));
      expect(tree.ancestry(sql)).toContain(server);
    }

    for (const span of spans) expect(span.resource['service.version']).toMatch(/^v\d+$|^\d+\.\d+\.\d+/);
    expect(deliveryServer.resource['service.version']).toMatch(/^v[12]$/);
  });
});

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}
