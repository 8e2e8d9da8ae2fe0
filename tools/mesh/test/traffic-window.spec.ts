import { latencyQuantile, latencySlot, LATENCY_SKETCH_SLOTS } from '../src/latency-sketch';
import { destinationOfService } from '../src/telemetry-identity';
import { TrafficWindow } from '../src/traffic-window';

describe('the /stats sliding window', () => {
  const delivery = destinationOfService('delivery.courier.svc.cluster.local', 'v2');

  it('estimates latency percentiles within 3%', () => {
    const slots = new Float64Array(LATENCY_SKETCH_SLOTS);
    for (let ms = 1; ms <= 1000; ms++) slots[latencySlot(ms)]++;
    expect(latencyQuantile(slots, 1000, 0.5)).toBeGreaterThan(500 * 0.97);
    expect(latencyQuantile(slots, 1000, 0.5)).toBeLessThan(500 * 1.03);
    expect(latencyQuantile(slots, 1000, 0.99)).toBeGreaterThan(990 * 0.97);
    expect(latencyQuantile(slots, 1000, 0.99)).toBeLessThan(990 * 1.03);
  });

  it('counts only the last N seconds, and rates them per second', () => {
    const window = new TrafficWindow();
    const start = Date.UTC(2030, 0, 1, 12, 0, 0);
    // 100 requests a second for 30 s, 10% of them failing; then read a 10 s window.
    for (let second = 0; second < 30; second++) {
      for (let index = 0; index < 100; index++) {
        window.record(delivery, 'v2', 'primary', index < 10 ? 503 : 200, 5, start - 60_000 + second * 1000 + index);
      }
    }
    const now = start - 60_000 + 30_000;
    const [stats] = window.stats(10, now);
    expect(stats).toMatchObject({ service: 'delivery', version: 'v2', traffic: 'primary' });
    expect(stats.window.requests).toBe(900);
    expect(stats.window.errorRate).toBe(0.1);
    expect(stats.window.rps).toBeCloseTo(100, 0);
    expect(stats.total).toEqual({ requests: 3000, errors: 300, responseCodes: { '200': 2700, '503': 300 } });
    expect(window.stats(10, now + 60_000)[0].window.requests).toBe(0);
  });
});
