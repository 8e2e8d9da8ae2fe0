import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { skipOrFail } from '@courier/testenv';
import { usefulErrors, type SchemaError } from './schema-errors';
import { vendorDir } from './workspace-paths';

/** Microsoft's schema (azure-pipelines-vscode v1.261.1) and the 1.249.0 one it is compared with. */
export const OFFICIAL_SCHEMA = 'schemas/azure-pipelines/service-schema.json';
export const PREVIOUS_SCHEMA = 'schemas/azure-pipelines/service-schema-1.249.json';

/** A file's role: a whole pipeline (the schema's root) or a template, which has its own definition. */
export type PipelineRole = 'pipeline' | 'stagesTemplate' | 'jobsTemplate' | 'stepsTemplate' | 'variablesTemplate' | 'extendsTemplate';

/**
 * True when both schema files are there. When one is missing: a failure in CI, a loud and recorded
 * skip elsewhere (skipOrFail), and false, so the caller skips.
 */
export function officialSchemasPresent(suite: string): boolean {
  const missing = [OFFICIAL_SCHEMA, PREVIOUS_SCHEMA].map((relative) => path.join(vendorDir, relative)).filter((file) => !fs.existsSync(file));
  if (missing.length === 0) return true;
  skipOrFail({
    suite,
    what: 'validation against the official Azure Pipelines schema',
    missing: missing.join(', '),
    fix: `put the official files in ${vendorDir}; its README.md lists each one and where it comes from`,
  });
  return false;
}

type Schema = Record<string, unknown>;
const isMap = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The schema's own keywords, in the meaning the official language server gives them, rewritten
 * into standard JSON Schema so Ajv applies them:
 * - `ignoreCase: value|all` on a pattern or enum: the value matches case-insensitively, so the
 *   pattern is wrapped in an inline `(?i:...)` group and the enum becomes such a pattern;
 * - `aliases`: another accepted name for a task input, so each alias becomes a property too;
 * - `type: boolean` and `type: integer` (task inputs): every scalar is a string to Azure, so a
 *   boolean is one of the spellings the schema's own `#/definitions/boolean` accepts, an integer
 *   a string of digits.
 * `ignoreCase: key` (case-insensitive property names) is NOT applied: keys must be spelt as the
 * schema spells them, which is stricter than Azure and keeps the files consistent.
 */
function prepare(schema: unknown, booleanPattern: string, pointer: string, pointers: WeakMap<object, string>): unknown {
  if (Array.isArray(schema)) return schema.map((item, index) => prepare(item, booleanPattern, `${pointer}/${index}`, pointers));
  if (!isMap(schema)) return schema;
  const prepared: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    prepared[keyword] = keyword === 'properties' || keyword === 'definitions' || keyword === 'patternProperties'
      ? Object.fromEntries(Object.entries(value as Schema).map(([name, sub]) => [name, prepare(sub, booleanPattern, `${pointer}/${keyword}/${name}`, pointers)]))
      : prepare(value, booleanPattern, `${pointer}/${keyword}`, pointers);
  }
  const ignoresValueCase = schema.ignoreCase === 'value' || schema.ignoreCase === 'all';
  if (ignoresValueCase && typeof schema.pattern === 'string') prepared.pattern = `(?i:${schema.pattern})`;
  if (ignoresValueCase && Array.isArray(schema.enum) && schema.enum.every((entry) => typeof entry === 'string')) {
    delete prepared.enum;
    prepared.pattern = `(?i:^(?:${(schema.enum as string[]).map(escapeRegExp).join('|')})$)`;
  }
  if (schema.type === 'boolean') Object.assign(prepared, { type: 'string', pattern: booleanPattern });
  if (schema.type === 'integer') Object.assign(prepared, { type: 'string', pattern: '^[-+]?[0-9]+$' });
  const properties = prepared.properties;
  if (isMap(properties)) {
    for (const [name, sub] of Object.entries(schema.properties as Schema)) {
      for (const alias of (isMap(sub) && Array.isArray(sub.aliases) ? sub.aliases : []) as string[]) {
        properties[alias] ??= properties[name];
      }
    }
  }
  pointers.set(prepared, pointer);
  return prepared;
}

/** The one pattern for every spelling of a boolean the schema's `#/definitions/boolean` lists. */
function booleanPatternOf(schema: Schema): string {
  const spellings = ((schema.definitions as Schema).boolean as { anyOf: { pattern: string }[] }).anyOf
    .map((branch) => branch.pattern.replace(/^\^|\$$/g, ''));
  return `(?i:^(?:${spellings.join('|')})$)`;
}

/**
 * Patterns are compiled without Ajv's `u` flag: the schema's patterns are written for non-Unicode
 * regular expressions (they escape `:` and `/`, which the `u` flag rejects). `code` is what Ajv
 * would print for standalone code, which is not used here.
 */
const nonUnicodeRegExp = Object.assign((pattern: string, flags: string) => new RegExp(pattern, flags.replace('u', '')), { code: 'RegExp' });

/** One official schema file, compiled once; each role's definition compiled on first use. */
export class OfficialPipelineSchema {
  private readonly ajv: Ajv;
  private readonly id: string;
  private readonly validators = new Map<PipelineRole, ValidateFunction>();
  private readonly pointers = new WeakMap<object, string>();
  readonly raw: Schema;

  constructor(relativeFile: string) {
    this.raw = JSON.parse(fs.readFileSync(path.join(vendorDir, relativeFile), 'utf8')) as Schema;
    this.id = this.raw.$id as string;
    // strict: unknown keywords and the like fail the compile instead of warning. strictTypes is off
    // because the schema is draft-07 and relies on its rule that `pattern` applies to strings only,
    // without saying `type: string` beside each one.
    // verbose: each error carries the schema object it failed in, which `pointers` maps back to its
    // place in the file (Ajv's own schemaPath restarts at every $ref).
    this.ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true, verbose: true, code: { regExp: nonUnicodeRegExp } });
    // Editor hints of the language server, with no effect on what is valid.
    this.ajv.addVocabulary(['ignoreCase', 'aliases', 'doNotSuggest', 'firstProperty', 'deprecationMessage']);
    this.ajv.addSchema(prepare(this.raw, booleanPatternOf(this.raw), '#', this.pointers) as Schema);
    // The root pulls in nearly every definition: compiled here, once, rather than inside a test.
    this.validator('pipeline');
  }

  private validator(role: PipelineRole): ValidateFunction {
    let validate = this.validators.get(role);
    if (!validate) {
      validate = this.ajv.getSchema(role === 'pipeline' ? this.id : `${this.id}#/definitions/${role}`);
      if (!validate) throw new Error(`the official schema has no definition ${role}`);
      this.validators.set(role, validate);
    }
    return validate;
  }

  /** The useful errors for a document in a role, empty when it is valid. */
  errors(document: unknown, role: PipelineRole = 'pipeline'): SchemaError[] {
    const validate = this.validator(role);
    return validate(document) ? [] : usefulErrors(validate.errors ?? [], this.raw, this.pointers);
  }
}
