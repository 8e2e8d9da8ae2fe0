/**
 * Azure Pipelines expressions: the language of `condition:`, `${{ }}` template expressions and
 * `$[ ]` runtime expressions. Only functions and property access exist (no infix operators), names
 * are case-insensitive, and comparisons convert the right operand to the left one's type.
 */
export type ExpressionNode =
  | { kind: 'literal'; value: unknown }
  | { kind: 'path'; root: string; segments: ExpressionNode[] }
  | { kind: 'call'; name: string; args: ExpressionNode[] };

/** What an expression may read: named objects (parameters, variables, dependencies, …) and extra functions. */
export interface ExpressionContext {
  values: Record<string, unknown>;
  functions?: Record<string, () => boolean>;
}

type Token = { type: 'punct'; text: string } | { type: 'string'; text: string } | { type: 'number'; text: string } | { type: 'name'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) i++;
    else if ('()[],.'.includes(c)) tokens.push({ type: 'punct', text: source[i++] });
    else if (c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new Error(`unterminated string in expression: ${source}`);
        if (source[i] === "'" && source[i + 1] === "'") {
          text += "'";
          i += 2;
        } else if (source[i] === "'") {
          i++;
          break;
        } else text += source[i++];
      }
      tokens.push({ type: 'string', text });
    } else {
      const match = /^(-?\d+(\.\d+)?)|^[A-Za-z_][\w-]*/.exec(source.slice(i));
      if (!match) throw new Error(`unexpected '${c}' in expression: ${source}`);
      tokens.push({ type: match[1] !== undefined ? 'number' : 'name', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

export function parseExpression(source: string): ExpressionNode {
  const tokens = tokenize(source);
  let at = 0;
  const peek = (text: string) => tokens[at]?.type === 'punct' && tokens[at].text === text;
  const expect = (text: string) => {
    if (!peek(text)) throw new Error(`expected '${text}' in expression: ${source}`);
    at++;
  };
  const parse = (): ExpressionNode => {
    const token = tokens[at++];
    if (!token) throw new Error(`unexpected end of expression: ${source}`);
    if (token.type === 'string') return { kind: 'literal', value: token.text };
    if (token.type === 'number') return { kind: 'literal', value: Number(token.text) };
    if (token.type !== 'name') throw new Error(`unexpected '${token.text}' in expression: ${source}`);
    const lower = token.text.toLowerCase();
    if (peek('(')) {
      at++;
      const args: ExpressionNode[] = [];
      while (!peek(')')) {
        args.push(parse());
        if (!peek(')')) expect(',');
      }
      at++;
      return { kind: 'call', name: lower, args };
    }
    if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
    if (lower === 'null') return { kind: 'literal', value: null };
    const segments: ExpressionNode[] = [];
    for (;;) {
      if (peek('.')) {
        at++;
        const name = tokens[at++];
        if (name?.type !== 'name') throw new Error(`expected a property name in expression: ${source}`);
        segments.push({ kind: 'literal', value: name.text });
      } else if (peek('[')) {
        at++;
        segments.push(parse());
        expect(']');
      } else break;
    }
    return { kind: 'path', root: token.text, segments };
  };
  const node = parse();
  if (at !== tokens.length) throw new Error(`unexpected '${tokens[at].text}' in expression: ${source}`);
  return node;
}

/** Property lookup as Azure does it: case-insensitive, and a missing property is null. */
function property(target: unknown, key: unknown): unknown {
  if (target === null || typeof target !== 'object') return null;
  if (Array.isArray(target) && typeof key === 'number') return target[key] ?? null;
  const wanted = String(key).toLowerCase();
  for (const [name, value] of Object.entries(target)) if (name.toLowerCase() === wanted) return value;
  return null;
}

export function truthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value.length > 0;
  return true;
}

/** A value as Azure prints it into a string (booleans are True/False). */
export function asString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'object') throw new Error(`an object or array cannot be used as a string: ${JSON.stringify(value)}`);
  return String(value);
}

/** The right operand converted to the left one's type; undefined when Azure's conversion fails. */
function convertLike(left: unknown, right: unknown): unknown {
  if (left === null) return right === null || right === '' ? null : undefined;
  if (typeof left === 'boolean') return truthy(right);
  if (typeof left === 'number') {
    if (right === null || right === '') return 0;
    if (typeof right === 'boolean') return right ? 1 : 0;
    const n = Number(right);
    return Number.isNaN(n) ? undefined : n;
  }
  if (typeof left === 'string') return asString(right);
  return right;
}

function equal(left: unknown, right: unknown): boolean {
  const converted = convertLike(left, right);
  if (converted === undefined) return false;
  if (typeof left === 'string') return left.toLowerCase() === String(converted).toLowerCase();
  return left === converted;
}

function compare(left: unknown, right: unknown): number | undefined {
  const converted = convertLike(left, right);
  if (converted === undefined) return undefined;
  if (typeof left === 'string') return left.toLowerCase().localeCompare(String(converted).toLowerCase());
  return (left as number) - (converted as number);
}

export function evaluate(node: ExpressionNode, context: ExpressionContext): unknown {
  if (node.kind === 'literal') return node.value;
  if (node.kind === 'path') {
    let value = property(context.values, node.root);
    for (const segment of node.segments) value = property(value, evaluate(segment, context));
    return value;
  }
  const arg = (i: number) => evaluate(node.args[i], context);
  const args = () => node.args.map((_, i) => arg(i));
  const own = context.functions && Object.entries(context.functions).find(([name]) => name.toLowerCase() === node.name);
  if (own) return own[1]();
  switch (node.name) {
    case 'and':
      return node.args.every((_, i) => truthy(arg(i)));
    case 'or':
      return node.args.some((_, i) => truthy(arg(i)));
    case 'not':
      return !truthy(arg(0));
    case 'eq':
      return equal(arg(0), arg(1));
    case 'ne':
      return !equal(arg(0), arg(1));
    case 'in': {
      const [left, ...rest] = args();
      return rest.some((candidate) => equal(left, candidate));
    }
    case 'notin': {
      const [left, ...rest] = args();
      return !rest.some((candidate) => equal(left, candidate));
    }
    case 'gt':
      return (compare(arg(0), arg(1)) ?? 0) > 0;
    case 'ge':
      return (compare(arg(0), arg(1)) ?? -1) >= 0;
    case 'lt':
      return (compare(arg(0), arg(1)) ?? 0) < 0;
    case 'le':
      return (compare(arg(0), arg(1)) ?? 1) <= 0;
    case 'contains':
      return asString(arg(0)).toLowerCase().includes(asString(arg(1)).toLowerCase());
    case 'startswith':
      return asString(arg(0)).toLowerCase().startsWith(asString(arg(1)).toLowerCase());
    case 'endswith':
      return asString(arg(0)).toLowerCase().endsWith(asString(arg(1)).toLowerCase());
    case 'coalesce':
      return args().find((v) => v !== null && v !== '') ?? null;
    case 'lower':
      return asString(arg(0)).toLowerCase();
    case 'upper':
      return asString(arg(0)).toUpperCase();
    case 'format': {
      const [pattern, ...rest] = args();
      return asString(pattern).replace(/\{(\d+)\}/g, (_m, i: string) => asString(rest[Number(i)]));
    }
    default:
      throw new Error(`expression function ${node.name}() is not modelled by the pipeline executor`);
  }
}

export function evaluateExpression(source: string, context: ExpressionContext): unknown {
  return evaluate(parseExpression(source), context);
}
