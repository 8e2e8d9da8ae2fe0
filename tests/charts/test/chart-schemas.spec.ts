import fs from 'node:fs';
import { SERVICE_CHARTS } from '../src/service-charts';
import { inWorkspace } from '../src/workspace-paths';

type Schema = { properties: Record<string, unknown>; definitions: Record<string, unknown> };
const schemaOf = (chart: string) => JSON.parse(fs.readFileSync(inWorkspace('charts', chart, 'values.schema.json'), 'utf8')) as Schema;

/** The rollout engine and the local mesh drive every service through the same values interface. */
describe('service chart schemas', () => {
  const users = schemaOf('users');
  const others = SERVICE_CHARTS.filter((chart) => chart !== 'users');
  const SHARED = ['image', 'rollout', 'tracks', 'callers', 'ingress', 'resources', 'autoscaling', 'traffic', 'metrics', 'shutdown'];

  it('cover every service the umbrella installs', () => {
    expect(others).toEqual(expect.arrayContaining(['delivery', 'web']));
  });

  describe.each(others)('%s and users', (chart) => {
    it.each(SHARED)('agree on %s', (key) => {
      expect(schemaOf(chart).properties[key]).toEqual(users.properties[key]);
    });

    it('agree on the shared definitions', () => {
      expect(schemaOf(chart).definitions).toEqual(users.definitions);
    });
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
