import { parseArgs } from 'node:util';
import { LoadGenerator } from './load-generator';

/** `courier-loadgen --url http://127.0.0.1:8080 --rps 100 --duration 60` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:8080' },
      rps: { type: 'string', default: '50' },
      duration: { type: 'string', default: '60' },
      journeys: { type: 'string', default: '64' },
    },
  });
  const rps = Number(values.rps);
  const seconds = Number(values.duration);
  if (!(rps > 0 && rps <= 5000)) throw new Error(`--rps must be between 1 and 5000 (got ${values.rps})`);
  if (!(seconds > 0 && seconds <= 3600)) throw new Error(`--duration must be 1..3600 seconds (got ${values.duration})`);
  const load = new LoadGenerator({ baseUrl: values.url as string, rps, journeys: Number(values.journeys) });
  load.start();
  const report = setInterval(() => {
    const s = load.snapshot();
    process.stdout.write(`${(s.elapsedMs / 1000).toFixed(0)}s sent ${s.sent} ok ${s.succeeded} failed ${s.failed} p99 ${Math.round(s.p99Ms)} ms ${JSON.stringify(s.servedBy)}\n`);
  }, 5000);
  const stop = async () => {
    clearInterval(report);
    const s = await load.stop();
    await load.close();
    process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
    process.exit(s.failed > 0 ? 1 : 0);
  };
  setTimeout(() => void stop(), seconds * 1000);
  process.once('SIGINT', () => void stop());
}

main().catch((error: Error) => {
  process.stderr.write(`courier-loadgen: ${error.message}\n`);
  process.exit(1);
});
