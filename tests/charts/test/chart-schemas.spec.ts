import fs from 'node:fs';
import { inWorkspace } from '../src/workspace-paths';

type Schema = { properties: Record<string, unknown>; definitions: Record<string, unknown> };
const schemaOf = (chart: string) => JSON.parse(fs.readFileSync(inWorkspace('charts', chart, 'values.schema.json'), 'utf8')) as Schema;

/** The rollout engine and the local mesh drive every service through the same values interface. */
describe('service chart schemas', () => {
  const [users, delivery, web] = ['users', 'delivery', 'web'].map(schemaOf);
  const SHARED = ['image', 'rollout', 'tracks', 'callers', 'ingress', 'resources', 'autoscaling', 'traffic', 'metrics', 'shutdown'];

  it.each(SHARED)('agree on %s', (key) => {
    expect(delivery.properties[key]).toEqual(users.properties[key]);
    expect(web.properties[key]).toEqual(users.properties[key]);
  });

  it('agree on the shared definitions', () => {
    expect(delivery.definitions).toEqual(users.definitions);
    expect(web.definitions).toEqual(users.definitions);
  });

  it('reject unknown keys everywhere (additionalProperties: false on every object)', () => {
    const open: string[] = [];
    const visit = (node: unknown, where: string) => {
      if (!node || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if (schema.type === 'object' && schema.properties && schema.additionalProperties !== false) open.push(where);
      for (const [key, child] of Object.entries(schema)) visit(child, `${where}/${key}`);
    };
    for (const chart of ['users', 'delivery', 'web', 'courier']) visit(schemaOf(chart), chart);
    expect(open).toEqual([]);
  });
});
