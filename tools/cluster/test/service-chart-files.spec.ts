import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SERVICE_VALUES_SCHEMA_BASE } from '../src/chart-values-schema';
import { serviceChartFiles } from '../src/service-chart-files';
import { readServiceManifests, type ServiceManifest } from '../src/service-manifest';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const BASE = JSON.parse(read(SERVICE_VALUES_SCHEMA_BASE)) as Record<string, unknown>;
const MANIFESTS = readServiceManifests(ROOT);
const byName = (name: string) => MANIFESTS.find((manifest) => manifest.name === name) as ServiceManifest;

interface Values {
  image: { repository: string };
  env: Record<string, string>;
  database: Record<string, unknown>;
  migration?: unknown;
  callers: { name: string; namespace?: string }[];
  ingress: { enabled: boolean };
  streams: { enabled: boolean };
}
interface Schema {
  title: string;
  required: string[];
  properties: { env: { required?: string[]; properties: Record<string, { pattern?: string }> }; database: unknown; migration?: unknown };
}

/** The chart files of `name` when its manifest (and the others) are `manifests`, starting from `valuesOf`'s values.yaml. */
function filesFor(name: string, manifests: ServiceManifest[], valuesOf = name) {
  const manifest = manifests.find((each) => each.name === name) as ServiceManifest;
  const files = serviceChartFiles(manifest, manifests, read(`charts/${valuesOf}/values.yaml`), BASE);
  return {
    text: files[`charts/${name}/values.yaml`],
    values: parse(files[`charts/${name}/values.yaml`]) as Values,
    schema: JSON.parse(files[`charts/${name}/values.schema.json`]) as Schema,
  };
}

/** tests/charts checks that the committed files are what these give (chart-schemas.spec.ts). */
describe('chart values and schemas from the service manifests', () => {
  it('give a new caller its callee\'s URL (required by the schema) and the callee its caller, and nothing else', () => {
    const pricing: ServiceManifest = { ...byName('users'), name: 'pricing', port: 3003, meshListener: 15003, database: false, calls: [] };
    const manifests = [...MANIFESTS.map((manifest) => (manifest.name === 'web' ? { ...manifest, calls: [...manifest.calls, 'pricing'] } : manifest)), pricing];
    const web = filesFor('web', manifests);
    expect(web.values.env).toEqual({ USERS_URL: 'http://users:8080', DELIVERY_URL: 'http://delivery:8080', UPSTREAM_TIMEOUT_MS: '5000', PRICING_URL: 'http://pricing:8080' });
    expect(web.schema.properties.env.required).toEqual(['USERS_URL', 'DELIVERY_URL', 'PRICING_URL']);
    // Only the env block changed: every comment and every other line of web's values stays.
    expect(web.text).toBe(read('charts/web/values.yaml').replace('  UPSTREAM_TIMEOUT_MS: "5000"\n', '  UPSTREAM_TIMEOUT_MS: "5000"\n  PRICING_URL: http://pricing:8080\n'));

    // pricing's chart, started from users' values: its own image, no database, web as its only caller.
    const { values, schema } = filesFor('pricing', manifests, 'users');
    expect(values.image.repository).toBe('courier/pricing');
    expect(values.callers).toEqual([{ name: 'web' }]);
    expect(values.database).toEqual({ enabled: false });
    expect(values.migration).toBeUndefined();
    expect(schema.title).toBe('pricing chart values');
    expect(schema.required).not.toContain('database');
    expect(schema.properties.database).toEqual({ type: 'object', additionalProperties: false, required: ['enabled'], properties: { enabled: { const: false } } });
    expect(schema.properties.migration).toBeUndefined();
  });

  it('drop a call\'s URL and the caller from the callee when a manifest stops calling it; callers from outside the workspace stay', () => {
    const manifests = MANIFESTS.map((manifest) => (manifest.name === 'web' ? { ...manifest, calls: ['users'] } : manifest));
    expect(Object.keys(filesFor('web', manifests).values.env)).toEqual(['USERS_URL', 'UPSTREAM_TIMEOUT_MS']);
    expect(filesFor('delivery', manifests).values.callers).toEqual([]);
    expect(filesFor('web', manifests).values.callers.map((caller) => caller.name)).toEqual(['ingress-gateway']);
  });

  it('give a service that gains a database its database and migration blocks, and checks them', () => {
    const manifests = MANIFESTS.map((manifest) => (manifest.name === 'web' ? { ...manifest, database: true } : manifest));
    const { values, schema } = filesFor('web', manifests);
    expect(values.database).toEqual({ enabled: true, schema: 'web', poolMax: 10, secret: { name: 'courier-database', key: 'DATABASE_URL' } });
    expect(values.migration).toEqual({ backoffLimit: 2, activeDeadlineSeconds: 300 });
    expect(schema.required).toContain('database');
    expect(schema.properties.database).toEqual((BASE as { properties: { database: unknown } }).properties.database);
  });

  it('turn the ingress and the streams port on and off as `public` and `streamsPort` say', () => {
    const manifests = MANIFESTS.map((manifest) => (manifest.name === 'web' ? { ...manifest, public: false, streamsPort: undefined } : manifest));
    expect(filesFor('web', manifests).values).toMatchObject({ ingress: { enabled: false }, streams: { enabled: false } });
    expect(filesFor('web', MANIFESTS).values).toMatchObject({ ingress: { enabled: true }, streams: { enabled: true } });
  });

  it('check each setting as what its default is', () => {
    const { schema } = filesFor('delivery', MANIFESTS);
    expect(schema.properties.env.properties).toEqual({ USERS_URL: { type: 'string', pattern: '^https?://[^/]+$' }, USERS_TIMEOUT_MS: { type: 'string', pattern: '^[0-9]+$' } });
  });
});
