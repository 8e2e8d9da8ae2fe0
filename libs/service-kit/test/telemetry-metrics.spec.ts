import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** What a service process with startTelemetry exposes on /metrics after one request in and one out. */
function metricsAfterOneRequest(): string {
  const result = spawnSync(process.execPath, ['--conditions=@courier/source', '--require', require.resolve('tsx/cjs'), path.join(__dirname, 'fixtures/telemetry-probe.ts')], {
    encoding: 'utf8',
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_SDK_DISABLED: 'false' },
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`the telemetry probe failed (${result.status}):\n${result.stderr}`);
  return result.stdout;
}

describe('startTelemetry in a service process', () => {
  it('records none of the HTTP instrumentation’s own metrics, which nothing reads, and keeps the resource identity', () => {
    const exposed = metricsAfterOneRequest();
    expect(exposed).toMatch(/^target_info\{[^}]*service_name="probe"/m);
    // Its server histograms lack http.route, its client ones have no reader: recording them cost
    // CPU on every request for series nobody scrapes.
    expect(exposed).not.toMatch(/^http_(server|client)_(request_)?duration/m);
  });
});
