/**
 * Edits of hand-formatted JSON files (the umbrella values schema) made
 * as text, so the author's one-line items stay one line and the diff shows only the addition.
 * Each edit is parsed again before it is returned.
 */

/** JSON on one line with spaces after `{`, `:` and `,`, the way these files write one-line items. */
export function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{ ${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${inlineJson(item)}`).join(', ')} }`;
  return JSON.stringify(value);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function parsed(file: string, text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: the edit produced invalid JSON (${(error as Error).message}); add the service by hand`);
  }
  return text;
}

/** Inserts `"key": value` on its own line right after the one-line property `after`. */
export function insertPropertyAfter(file: string, text: string, after: string, key: string, value: unknown): string {
  const line = new RegExp(`^([ \\t]*)"${escapeRegExp(after)}": \\{.*\\},\\n`, 'm');
  const match = text.match(line);
  if (!match || match.index === undefined) throw new Error(`${file}: no one-line "${after}" property to add "${key}" after; add it by hand`);
  const end = match.index + match[0].length;
  return parsed(file, `${text.slice(0, end)}${match[1]}${JSON.stringify(key)}: ${inlineJson(value)},\n${text.slice(end)}`);
}
