import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { inVendor } from './vendor-artefacts';

/** The Kubernetes Gateway API release whose CRDs (standard channel) the HTTPRoutes and Gateway are checked against. */
export const GATEWAY_API_CRD_FILE = 'schemas/gateway-api/standard-install-v1.6.1.yaml';

/** The Istio releases whose CRDs the charts are checked against: the two newest minors. */
export const ISTIO_CRD_VERSIONS = ['1.30.3', '1.29.6'] as const;
export const istioCrdFile = (version: string) => `schemas/istio/crd-all.gen-${version}.yaml`;

type Schema = Record<string, unknown>;
const isMap = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An openAPIV3Schema as the API server applies it, in JSON Schema terms:
 * - an object schema that lists its properties is closed (additionalProperties: false) unless it
 *   says x-kubernetes-preserve-unknown-fields: kubectl's strict field validation rejects unknown
 *   fields, and without it the API server prunes them silently, so either way a misspelt field is lost;
 * - x-kubernetes-int-or-string accepts an integer or a string.
 * CEL rules (x-kubernetes-validations) are dropped here: cel-rules.ts evaluates them against the
 * unconverted schema (istioCrdRawSchemas).
 */
function asApiServerSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(asApiServerSchema);
  if (!isMap(schema)) return schema;
  const converted: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword.startsWith('x-kubernetes-')) continue;
    // Under `properties` the keys are field names, not keywords: convert each field's schema.
    converted[keyword] = keyword === 'properties' && isMap(value)
      ? Object.fromEntries(Object.entries(value).map(([field, fieldSchema]) => [field, asApiServerSchema(fieldSchema)]))
      : asApiServerSchema(value);
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    delete converted.type;
    converted.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (isMap(schema.properties) && schema.additionalProperties === undefined && schema['x-kubernetes-preserve-unknown-fields'] !== true) {
    converted.additionalProperties = false;
  }
  return converted;
}

/** The API server accepts apiVersion, kind and metadata on every object; CRD schemas often leave them out. */
function withObjectMeta(schema: Schema): Schema {
  const common = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
  return { ...schema, properties: { ...common, ...(isMap(schema.properties) ? schema.properties : {}) } };
}

interface Crd {
  spec: { group: string; names: { kind: string }; versions: { name: string; served: boolean; schema?: { openAPIV3Schema: unknown } }[] };
}

/** The openAPIV3Schema of every served version of every CRD in one Istio release's crd-all.gen.yaml, as published. */
export function istioCrdRawSchemas(version: string): Map<string, Schema> {
  return crdRawSchemas(istioCrdFile(version));
}

/** The same for any file of CRDs under ../shared/vendor, keyed `<group>/<version>/<Kind>`. */
export function crdRawSchemas(vendorFile: string): Map<string, Schema> {
  const schemas = new Map<string, Schema>();
  for (const document of parseAllDocuments(fs.readFileSync(inVendor(vendorFile), 'utf8'))) {
    const crd = document.toJS() as Crd | null;
    if (!crd?.spec?.versions) continue;
    for (const served of crd.spec.versions.filter((entry) => entry.served && entry.schema)) {
      schemas.set(`${crd.spec.group}/${served.name}/${crd.spec.names.kind}`, served.schema!.openAPIV3Schema as Schema);
    }
  }
  return schemas;
}

/** The same schemas as the API server applies them in JSON Schema terms, keyed `<group>/<version>/<Kind>`. */
export function istioCrdSchemas(version: string, raw = istioCrdRawSchemas(version)): Map<string, object> {
  return apiServerSchemas(raw);
}

/** Raw CRD schemas (crdRawSchemas) as the API server applies them, in JSON Schema terms. */
export function apiServerSchemas(raw: Map<string, Schema>): Map<string, object> {
  return new Map([...raw].map(([key, schema]) => [key, withObjectMeta(asApiServerSchema(schema) as Schema)]));
}
