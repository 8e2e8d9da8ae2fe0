/**
 * The part of kubectl's JSONPath templates scripts use: `{.a.b}`, `{.items[*].metadata.name}`,
 * `{.items[0]}`, `{.data.key\.with\.dots}`, `{['key']}`, string literals `{"\n"}` and
 * `{range .items[*]}…{end}`. Anything else throws, naming the template.
 */
export function evaluateJsonPath(template: string, data: unknown): string {
  const source = template.replace(/^'(.*)'$/s, '$1');
  const tokens = tokenize(source);
  const [output] = render(tokens, 0, data, source);
  return output;
}

type Token = { text: string } | { expr: string };

function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  let rest = template;
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    if (open < 0) {
      tokens.push({ text: rest });
      break;
    }
    if (open > 0) tokens.push({ text: rest.slice(0, open) });
    const close = findClose(rest, open);
    tokens.push({ expr: rest.slice(open + 1, close).trim() });
    rest = rest.slice(close + 1);
  }
  return tokens;
}

function findClose(text: string, open: number): number {
  let quote: string | undefined;
  for (let i = open + 1; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '}') return i;
  }
  throw new Error(`unclosed { in jsonpath template`);
}

/** Renders tokens from `start` until an `{end}` (returned index points past it) or the end. */
function render(tokens: Token[], start: number, data: unknown, source: string): [string, number] {
  let output = '';
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i];
    if ('text' in token) {
      output += token.text;
      continue;
    }
    if (token.expr === 'end') return [output, i + 1];
    if (token.expr.startsWith('range ')) {
      const items = select(data, token.expr.slice(6).trim(), source);
      for (const item of items) output += render(tokens, i + 1, item, source)[0];
      i = skipToEnd(tokens, i + 1) - 1;
      continue;
    }
    if (/^"(.*)"$/s.test(token.expr)) {
      output += JSON.parse(token.expr) as string;
      continue;
    }
    output += select(data, token.expr, source).map(format).join(' ');
  }
  return [output, tokens.length];
}

function skipToEnd(tokens: Token[], start: number): number {
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i];
    if ('text' in token) continue;
    if (token.expr.startsWith('range ')) depth++;
    else if (token.expr === 'end') {
      if (depth === 0) return i + 1;
      depth--;
    }
  }
  return tokens.length;
}

const format = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** Splits `.a.b\.c[*]['d']` into steps. */
function steps(path: string, source: string): string[] {
  const result: string[] = [];
  const pattern = /\.((?:\\.|[^.[\]\\])+)|\[\*\]|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y;
  let rest = path.startsWith('$') ? path.slice(1) : path;
  if (rest === '.' || rest === '@') return result;
  while (rest.length > 0) {
    pattern.lastIndex = 0;
    const match = pattern.exec(rest);
    if (!match) throw new Error(`the cluster simulator's jsonpath does not understand "${rest}" in ${source}`);
    if (match[1] !== undefined) result.push(match[1].replace(/\\(.)/g, '$1'));
    else if (match[0] === '[*]') result.push('*');
    else if (match[2] !== undefined) result.push(`#${match[2]}`);
    else result.push(match[3] ?? match[4]);
    rest = rest.slice(match[0].length);
  }
  return result;
}

function select(data: unknown, path: string, source: string): unknown[] {
  let current: unknown[] = [data];
  for (const step of steps(path, source)) {
    const next: unknown[] = [];
    for (const value of current) {
      if (value === null || typeof value !== 'object') continue;
      if (step === '*') next.push(...(Array.isArray(value) ? value : Object.values(value)));
      else if (step.startsWith('#') && Array.isArray(value)) {
        const item = value[Number(step.slice(1))];
        if (item !== undefined) next.push(item);
      } else {
        const item = (value as Record<string, unknown>)[step];
        if (item !== undefined) next.push(item);
      }
    }
    current = next;
  }
  return current;
}
