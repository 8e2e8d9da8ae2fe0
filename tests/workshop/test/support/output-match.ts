/**
 * What a lab's "you should see" must share with what its commands print: every line, with the
 * figures that change from run to run (counts, timings, ids, times) taken out. The words, the
 * versions (v1, v2), the tracks and the order of fields in JSON must be the same.
 */
export function normalise(line: string): string {
  return line
    .replace(/\x1b\[[0-9;]*m/g, '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    // A number on its own, not a part of a name such as v2, e2e or k8s.
    .replace(/(?<![A-Za-z\d.])\d+(\.\d+)?/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The lines of `expected` that `actual` lacks (each printed line can match one expected line). */
export function missingLines(expected: string, actual: string): string[] {
  const printed = actual.split('\n').map(normalise);
  const missing: string[] = [];
  for (const line of expected.split('\n').filter((l) => l.trim() !== '')) {
    const index = printed.indexOf(normalise(line));
    if (index < 0) missing.push(line);
    else printed.splice(index, 1);
  }
  return missing;
}
