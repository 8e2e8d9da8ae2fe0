import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRolloutConfig, thresholdsFor } from '../src/analysis/rollout-config';

const ROOT = path.resolve(__dirname, '../../..');

describe('rollout.config.json', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'courier-rollout-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const load = (config: unknown) => {
    const file = path.join(dir, `${Math.random()}.json`);
    writeFileSync(file, JSON.stringify(config));
    return loadRolloutConfig(file);
  };

  it('loads the repository\'s file, each service\'s thresholds over the defaults', async () => {
    const config = await loadRolloutConfig(path.join(ROOT, 'rollout.config.json'));
    expect(thresholdsFor(config, 'web')).toEqual({ minSuccessRate: 0.99, maxP99Ms: 800, minRequests: 20 });
    expect(config.defaults).toMatchObject({ steps: [10, 25, 50, 100], intervalSeconds: 30 });
  });

  it('names a misspelt key or an impossible value, with the file, instead of falling back to a default', async () => {
    await expect(load({ services: { web: { thresholds: { maxP99: 800 } } } })).rejects.toThrow(/\.json: services\.web\.thresholds: Unrecognized key: "maxP99"$/);
    await expect(load({ defaults: { thresholds: { minSuccessRate: 99 } } })).rejects.toThrow(/defaults\.thresholds\.minSuccessRate: must be between 0 and 1$/);
    await expect(load({ defaults: { steps: [50, 10] } })).rejects.toThrow(/defaults\.steps: must ascend$/);
  });

  it('uses the built-in defaults when there is no file', async () => {
    expect((await loadRolloutConfig(path.join(dir, 'missing.json'))).defaults.intervalSeconds).toBe(30);
  });
});
