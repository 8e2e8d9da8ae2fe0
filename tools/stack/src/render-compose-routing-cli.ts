import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RolloutValues } from '@courier/rollout';
import { renderComposeRouting } from './compose-routing';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * `render-compose-routing [--service NAME --values JSON] [--out FILE]`: with no options, regenerates
 * deploy/compose/routing.yaml. The rollout engine's compose target passes one service's chart
 * `rollout` values and the file the running mesh watches.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { service: { type: 'string' }, values: { type: 'string' }, out: { type: 'string' } }, strict: true });
  if (Boolean(values.service) !== Boolean(values.values)) throw new Error('--service and --values go together');
  const rollout: Record<string, RolloutValues> = values.service ? { [values.service]: JSON.parse(values.values as string) as RolloutValues } : {};
  const out = path.resolve(values.out ?? path.join(ROOT, 'deploy', 'compose', 'routing.yaml'));
  const text = await renderComposeRouting(ROOT, rollout);
  // Write beside the target, then rename: the mesh polling the file never reads half of it.
  const partial = `${out}.partial-${process.pid}`;
  await writeFile(partial, text);
  await rename(partial, out);
  process.stdout.write(`wrote ${path.relative(process.cwd(), out) || out}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`render-compose-routing: ${error.message}\n`);
  process.exit(1);
});
