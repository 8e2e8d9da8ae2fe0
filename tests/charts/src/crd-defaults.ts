type Schema = Record<string, unknown>;
const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The object as the API server stores it: every absent field whose CRD schema has a `default` gets
 * it, at every depth (in list items and map values too), before validation runs. CEL rules are
 * written against defaulted objects (the Gateway API's read a backendRef's `group` and `kind`, which
 * a manifest usually leaves out), so they must be evaluated on this, as the API server does.
 */
export function withCrdDefaults(value: unknown, schema: Schema | undefined): unknown {
  if (!schema) return value;
  if (Array.isArray(value)) return isMap(schema.items) ? value.map((item) => withCrdDefaults(item, schema.items as Schema)) : value;
  if (!isMap(value)) return value;
  const result: Record<string, unknown> = { ...value };
  const properties = isMap(schema.properties) ? (schema.properties as Record<string, Schema>) : {};
  for (const [field, fieldSchema] of Object.entries(properties)) {
    if (!(field in result) && fieldSchema.default !== undefined) result[field] = structuredClone(fieldSchema.default);
    if (field in result) result[field] = withCrdDefaults(result[field], fieldSchema);
  }
  if (isMap(schema.additionalProperties)) {
    for (const field of Object.keys(result).filter((key) => !(key in properties))) result[field] = withCrdDefaults(result[field], schema.additionalProperties as Schema);
  }
  return result;
}
