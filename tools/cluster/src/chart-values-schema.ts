import type { ServiceManifest } from './service-manifest';

/** The shared part of every service chart's values.schema.json, and the one place to edit it. */
export const SERVICE_VALUES_SCHEMA_BASE = 'charts/courier-lib/service-values.schema.json';

type JsonObject = Record<string, unknown>;
interface ValuesSchema extends JsonObject {
  title: string;
  required: string[];
  properties: Record<string, unknown>;
}

/** The environment variable a caller reads a service's URL from: USERS_URL, DELIVERY_URL, … */
export const urlVariable = (service: string) => `${service.toUpperCase().replaceAll('-', '_')}_URL`;

const URL_SETTING = { type: 'string', pattern: '^https?://[^/]+$' };
const WHOLE_NUMBER_SETTING = { type: 'string', pattern: '^[0-9]+$' };
const TEXT_SETTING = { type: 'string', minLength: 1 };
const NO_DATABASE = { type: 'object', additionalProperties: false, required: ['enabled'], properties: { enabled: { const: false } } };

/**
 * charts/<name>/values.schema.json: the shared base with what the manifest and the chart's own
 * values decide. `env` takes the URL of every service it calls (required) and each other setting its
 * values.yaml lists (a URL or a whole number where the default is one); a service without a database takes
 * `database.enabled: false` only, and no `migration`. Unknown keys stay rejected everywhere.
 */
export function serviceValuesSchema(base: JsonObject, manifest: ServiceManifest, env: Record<string, unknown>): JsonObject {
  const schema = structuredClone(base) as ValuesSchema;
  for (const key of ['env', 'database', 'migration']) if (!(key in schema.properties)) throw new Error(`${SERVICE_VALUES_SCHEMA_BASE}: properties.${key} is missing; the services' schemas are derived from it`);
  delete schema.$comment;
  schema.title = `${manifest.name} chart values`;
  const urls = manifest.calls.map(urlVariable);
  const settings = Object.entries(env).filter(([key]) => !urls.includes(key));
  schema.properties.env = {
    type: 'object',
    additionalProperties: false,
    ...(urls.length > 0 ? { required: urls } : {}),
    properties: Object.fromEntries([
      ...urls.map((key) => [key, URL_SETTING]),
      ...settings.map(([key, value]) => [key, settingSchema(String(value))]),
    ]),
  };
  if (!manifest.database) {
    schema.required = schema.required.filter((key) => key !== 'database');
    schema.properties.database = NO_DATABASE;
    delete schema.properties.migration;
  }
  return schema;
}

/** A setting is checked as what its default is: a URL, a whole number, or any text but empty. */
function settingSchema(value: string): JsonObject {
  if (new RegExp(URL_SETTING.pattern).test(value)) return URL_SETTING;
  return /^[0-9]+$/.test(value) ? WHOLE_NUMBER_SETTING : TEXT_SETTING;
}
