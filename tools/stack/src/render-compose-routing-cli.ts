import { renderServiceChartFiles } from '@courier/cluster';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RolloutValues } from '@courier/rollout';
import { COMPOSE_ROUTING, composeFiles, renderComposeRouting } from './compose-routing';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * `render-compose-routing [--service NAME --values JSON] [--out FILE]`: with no options, regenerates
 * everything services/<name>/service.yaml decides: first the charts' values.yaml and
 * values.schema.json (what the manifest says in them), then the compose files rendered from those
 * charts (routing.yaml, mesh.json and docker-compose.yml's service containers). The rollout engine's
 * compose target passes one service's chart `rollout` values and the routing file the running mesh watches.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { service: { type: 'string' }, values: { type: 'string' }, out: { type: 'string' } }, strict: true });
  if (Boolean(values.service) !== Boolean(values.values)) throw new Error('--service and --values go together');
  if (values.service || values.out) {
    const rollout: Record<string, RolloutValues> = values.service ? { [values.service]: JSON.parse(values.values as string) as RolloutValues } : {};
    return writeAtomically(path.resolve(values.out ?? path.join(ROOT, COMPOSE_ROUTING)), await renderComposeRouting(ROOT, rollout));
  }
  for (const [file, text] of Object.entries(renderServiceChartFiles(ROOT))) await writeIfChanged(path.join(ROOT, file), text);
  for (const [file, text] of Object.entries(await composeFiles(ROOT))) await writeAtomically(path.join(ROOT, file), text);
}

/** A chart file is rewritten only when the manifests change it, so its timestamp means something. */
async function writeIfChanged(out: string, text: string): Promise<void> {
  if ((await readFile(out, 'utf8').catch(() => undefined)) !== text) await writeAtomically(out, text);
}

/** Write beside the target, then rename: the mesh polling the file never reads half of it. */
async function writeAtomically(out: string, text: string): Promise<void> {
  const partial = `${out}.partial-${process.pid}`;
  await writeFile(partial, text);
  await rename(partial, out);
  process.stdout.write(`wrote ${path.relative(process.cwd(), out) || out}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`render-compose-routing: ${error.message}\n`);
  process.exit(1);
});
