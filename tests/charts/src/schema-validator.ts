import Ajv, { type ValidateFunction } from 'ajv';
import { isIPv4, isIPv6 } from 'node:net';
import { type KubeObject } from './kube-object';

/** The key a CRD schema is filed under: `<group>/<version>/<Kind>`, as an object's apiVersion and kind spell it. */
export const schemaKey = (object: Pick<KubeObject, 'apiVersion' | 'kind'>) => `${object.apiVersion}/${object.kind}`;

/**
 * Validates objects against JSON schemas keyed by apiVersion/kind: the one way the suite checks an
 * object against a CRD schema, whether the schema is kept in crd/ or read from upstream CRDs.
 */
export class SchemaValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly schemas: ReadonlyMap<string, object>) {
    // Formats the Kubernetes OpenAPI schemas use; their ranges are not what these checks are about.
    for (const format of ['int32', 'int64', 'double', 'float', 'date-time', 'byte']) this.ajv.addFormat(format, true);
    // The Gateway API's addresses; checked, as the API server does.
    this.ajv.addFormat('ipv4', isIPv4);
    this.ajv.addFormat('ipv6', isIPv6);
  }

  knows(object: Pick<KubeObject, 'apiVersion' | 'kind'>): boolean {
    return this.schemas.has(schemaKey(object));
  }

  /** The schema's errors for the object (empty when valid); undefined when no schema has its kind. */
  errors(object: KubeObject): string[] | undefined {
    const key = schemaKey(object);
    const schema = this.schemas.get(key);
    if (!schema) return undefined;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    return validate(object) ? [] : (validate.errors ?? []).map((error) =>
      `${error.instancePath || '/'} ${error.message}${error.keyword === 'additionalProperties' ? `: ${String(error.params.additionalProperty)}` : ''}`);
  }
}
