import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { type KubeObject } from './kube-object';
import serviceMonitorSchema from './crd/service-monitor.schema.json';
import { SchemaValidator, schemaKey } from './schema-validator';

export interface ModelValidationResult {
  readonly id: string;
  /** The module whose schema checked the object, or the local CRD schema's name. */
  readonly model: string | null;
  readonly errors: readonly string[];
}

/** CRDs without an npm model: checked with a schema kept in crd/ for the fields the charts use. */
const CRD_SCHEMAS = new SchemaValidator(new Map([['monitoring.coreos.com/v1/ServiceMonitor', serviceMonitorSchema]]));

function validateWithCrdSchema(id: string, object: KubeObject): ModelValidationResult | undefined {
  const errors = CRD_SCHEMAS.errors(object);
  return errors ? { id, model: `crd/${schemaKey(object)}`, errors } : undefined;
}

/** Validates many objects in one Node process (the model packages load once). Keyed by caller's id. */
export function validateModels(objects: ReadonlyMap<string, KubeObject>): Map<string, ModelValidationResult> {
  const results = new Map<string, ModelValidationResult>();
  const forModels: { id: string; object: KubeObject }[] = [];
  for (const [id, object] of objects) {
    const crd = validateWithCrdSchema(id, object);
    if (crd) results.set(id, crd);
    else forModels.push({ id, object });
  }
  const child = spawnSync(process.execPath, [path.join(__dirname, 'validate-models.mjs')], {
    input: JSON.stringify(forModels), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`model validation process failed:\n${child.stderr}`);
  for (const result of JSON.parse(child.stdout) as ModelValidationResult[]) results.set(result.id, result);
  return results;
}
