import { readJson, writeJson, type Tree } from '@nx/devkit';
import { REFERENCE_SERVICE } from './reference-service';

interface ValuesSchema {
  title?: string;
  required?: string[];
  properties: Record<string, unknown>;
}

/** What the reference schema must have for the derivation below to mean anything. */
const EXPECTED_PROPERTIES = ['rollout', 'tracks', 'env', 'database', 'callers'];

/**
 * charts/<name>/values.schema.json: the reference chart's schema, so the rollout interface and
 * every definition stay identical (tests/charts checks they are), with the stateless differences:
 * `env` takes no keys yet, `database.enabled` must be false, and there is no `migration`.
 */
export function writeChartValuesSchema(tree: Tree, name: string): void {
  const source = `charts/${REFERENCE_SERVICE}/values.schema.json`;
  if (!tree.exists(source)) throw new Error(`${source} is missing: a new chart's schema is derived from it`);
  const schema = readJson<ValuesSchema>(tree, source);
  const missing = EXPECTED_PROPERTIES.filter((key) => !(key in schema.properties));
  if (missing.length > 0) throw new Error(`${source} has no ${missing.join(', ')} properties; the generator expects the courier-lib values layout`);
  schema.title = `${name} chart values`;
  schema.required = (schema.required ?? []).filter((key) => key !== 'database');
  schema.properties.env = { type: 'object', additionalProperties: false, properties: {} };
  schema.properties.database = { type: 'object', additionalProperties: false, required: ['enabled'], properties: { enabled: { const: false } } };
  delete schema.properties.migration;
  writeJson(tree, `charts/${name}/values.schema.json`, schema);
}
