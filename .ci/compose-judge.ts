// Judges one version of a service over the last window exactly as `courier rollout` judges a step
// (the same Prometheus queries, thresholds from rollout.config.json, the same verdict), for
// .ci/compose.sh's baseline: the stable version, before any rollout, must pass at the chosen
// rate, or a failed canary step could be the machine's overload rather than the new version.
//
//   node --require tsx/cjs .ci/compose-judge.ts PROMETHEUS_URL SERVICE VERSION WINDOW_SECONDS
//
// Prints the verdict; exits 0 on pass, 2 otherwise.
import path from 'node:path';
import { judge } from '../tools/rollout/src/analysis/verdict';
import { loadRolloutConfig, PrometheusMetrics, thresholdsFor } from '../tools/rollout/src/index';

async function main(): Promise<number> {
  const [prometheusUrl, service, version, window] = process.argv.slice(2);
  if (!prometheusUrl || !service || !version || !(Number(window) > 0)) throw new Error('usage: compose-judge.ts PROMETHEUS_URL SERVICE VERSION WINDOW_SECONDS');
  const config = await loadRolloutConfig(path.resolve(__dirname, '../rollout.config.json'));
  const metrics = await new PrometheusMetrics(prometheusUrl).measure({ service, version }, Number(window));
  const verdict = judge(metrics, thresholdsFor(config, service));
  process.stdout.write(`${verdict.outcome}: ${Math.round(metrics.requests)} req, ${verdict.reasons.join('; ')}\n`);
  return verdict.outcome === 'pass' ? 0 : 2;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`compose-judge: ${error.message}\n`);
    process.exit(1);
  },
);
