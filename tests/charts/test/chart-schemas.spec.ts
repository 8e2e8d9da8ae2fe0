import { renderServiceChartFiles } from '@courier/cluster';
import fs from 'node:fs';
import { SERVICE_CHARTS } from '../src/service-charts';
import { inWorkspace, WORKSPACE_ROOT } from '../src/workspace-paths';

type Schema = { properties: Record<string, unknown>; definitions: Record<string, unknown> };
const schemaOf = (chart: string) => JSON.parse(fs.readFileSync(inWorkspace('charts', chart, 'values.schema.json'), 'utf8')) as Schema;

/**
 * The rollout engine and the local mesh drive every service through the same values interface: one
 * shared schema (charts/courier-lib/service-values.schema.json), with what each manifest decides.
 */
describe('service chart schemas', () => {
  const generated = renderServiceChartFiles(WORKSPACE_ROOT);

  it('cover every service the umbrella installs', () => {
    expect(SERVICE_CHARTS).toEqual(expect.arrayContaining(['users', 'delivery', 'web']));
  });

  it.each(SERVICE_CHARTS)('%s: its values.schema.json and the derived values are what the shared schema and its service.yaml give', (chart) => {
    const stale = [`charts/${chart}/values.yaml`, `charts/${chart}/values.schema.json`].filter((file) => fs.readFileSync(inWorkspace(file), 'utf8') !== generated[file]);
    // Fix: node tools/stack/bin/render-compose-routing.js (it writes them from the manifests).
    expect(stale).toEqual([]);
  });

  it('reject unknown keys everywhere (additionalProperties: false on every object)', () => {
    const open: string[] = [];
    const visit = (node: unknown, where: string) => {
      if (!node || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if (schema.type === 'object' && schema.properties && schema.additionalProperties !== false) open.push(where);
      for (const [key, child] of Object.entries(schema)) visit(child, `${where}/${key}`);
    };
    for (const chart of [...SERVICE_CHARTS, 'courier']) visit(schemaOf(chart), chart);
    expect(open).toEqual([]);
  });
});
