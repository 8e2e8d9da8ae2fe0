const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/**
 * The metric names a PromQL expression selects. Prometheus 2.42 (Debian's) has no parse API, so
 * this reads the expression the way the grammar does for the subset dashboards use: string
 * literals, label matchers, label lists after by/without/on/ignoring/group_*, and range or
 * subquery brackets are removed; what remains that is an identifier not followed by `(` (a
 * function call) and not a keyword is a metric name. The parse itself is left to a real
 * Prometheus; this only has to find names.
 */
export function metricNamesOf(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = stripped.slice((match.index ?? 0) + match[0].length).trimStart();
    const before = stripped.slice(0, match.index).trimEnd();
    if (after.startsWith('(') || KEYWORDS.has(match[0].toLowerCase())) continue;
    // Part of a number such as 1e3 or a duration such as 5m after `offset`.
    if (/[0-9.]$/.test(before)) continue;
    names.add(match[0]);
  }
  return [...names].sort();
}

/** Sample names in a Prometheus text exposition (histograms contribute _bucket, _sum and _count). */
export function exposedSampleNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (name) names.add(name);
  }
  return names;
}
