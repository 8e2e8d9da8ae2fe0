import { LocalPrometheus, stackScrapeTargets } from '../../../tools/stack/src/local-prometheus';
import { startTestStack, type TestStack } from '../../e2e/test/support/start-test-stack';
import { startTestStackAdmin, type TestStackAdmin } from '../../e2e/test/support/start-test-stack-admin';
import { PrometheusMetrics } from '@courier/rollout';
import { findFreePort, requireTool } from '@courier/testenv';
import { setTimeout as sleep } from 'node:timers/promises';
import { sendCustomerTraffic } from './support/customer-traffic';
import { dashboardQueries, loadDashboards } from './support/dashboard-queries';
import { exposedSampleNames, metricNamesOf } from './support/promql-metric-names';

const binary = requireTool('prometheus', 'observability', "the dashboards' PromQL against a live scrape");
const describeWithPrometheus = binary ? describe : describe.skip;

const dashboards = loadDashboards();
const queries = dashboards.flatMap((dashboard) => dashboardQueries(dashboard));

describe('dashboards as code', () => {
  it('are the three documented dashboards', () => {
    expect(dashboards.map((dashboard) => [dashboard.uid, dashboard.title])).toEqual([
      ['courier-canary-vs-stable', 'Canary vs stable'],
      ['courier-golden-signals', 'Courier overview'],
      ['courier-rollout', 'Rollout'],
    ]);
  });
});

/**
 * Every panel query is sent to a real Prometheus scraping a real local stack: a query that does
 * not parse answers 400 bad_data, and every metric a query names must be one that the running
 * services or the mesh (with Istio's names) actually expose.
 */
describeWithPrometheus('dashboard queries against a running stack and a real Prometheus', () => {
  let stack: TestStack;
  let prometheus: LocalPrometheus;
  let exposed: Set<string>;
  // The stack admin API too, as `npm start` runs it: it serves the rollout verdict metrics.
  let admin: TestStackAdmin;

  beforeAll(async () => {
    stack = await startTestStack();
    admin = await startTestStackAdmin(stack);
    prometheus = await LocalPrometheus.start({ binary: binary as string, dataDir: stack.options.dataDir, port: await findFreePort(), targets: stackScrapeTargets(stack.options.ports) });
    await sendCustomerTraffic(stack.stack.gatewayUrl, 3);
    exposed = new Set<string>();
    for (const target of stackScrapeTargets(stack.options.ports)) {
      for (const name of exposedSampleNames(await (await fetch(`http://${target.address}/metrics`)).text())) exposed.add(name);
    }
  }, 120_000);
  afterAll(async () => {
    await admin?.close();
    await prometheus?.stop();
    await stack?.close();
  });

  const query = async (expr: string) => {
    const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    return { status: response.status, body: (await response.json()) as { status: string; errorType?: string; error?: string } };
  };

  it('the oracle works: Prometheus answers 400 bad_data to a query that does not parse', async () => {
    expect(await query('sum by (destination_version (istio_requests_total')).toMatchObject({ status: 400, body: { errorType: 'bad_data' } });
  });

  it.each(queries.map((q) => [`${q.dashboard} › ${q.where}`, q.expr]))('%s parses', async (_where, expr) => {
    const { status, body } = await query(expr);
    expect({ status, error: body.error }).toEqual({ status: 200, error: undefined });
  });

  it("feeds the rollout engine's PromQL analysis (`courier rollout --metrics prometheus`) from the stack's scrape config", async () => {
    const analysis = new PrometheusMetrics(prometheus.url);
    // increase() counts only what a series gained between scrapes, so keep the traffic going until it shows.
    let measured = await analysis.measure({ service: 'delivery', version: 'v1' }, 60);
    for (let attempt = 0; attempt < 30 && !(measured.requests > 0); attempt++) {
      await sendCustomerTraffic(stack.stack.gatewayUrl, 1);
      await sleep(500);
      measured = await analysis.measure({ service: 'delivery', version: 'v1' }, 60);
    }
    expect(measured.requests).toBeGreaterThan(0);
    expect(measured.successRate).toBe(1);
    expect(measured.p99Ms).toBeGreaterThan(0);
  });

  it('names only metrics that the running services and mesh expose', () => {
    const unknown = queries.flatMap((q) => metricNamesOf(q.expr).filter((name) => !exposed.has(name)).map((name) => `${q.dashboard} › ${q.where}: ${name}`));
    expect(unknown).toEqual([]);
    // The check has teeth only if the scrape found the families the dashboards lean on.
    expect([...exposed]).toEqual(expect.arrayContaining(['istio_requests_total', 'istio_request_duration_milliseconds_bucket', 'http_server_request_duration_bucket', 'courier_mesh_route_weight']));
  });
});
