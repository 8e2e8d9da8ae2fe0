/** `expect(list.sort()).toEqual(['a', 'b'])`: a sorted result compared with a list of string literals. */
const SORTED_EXPECTATION = /(\.sort\(\)\)\.toEqual\(\[)((?:\s*'[^'\\\n]*'\s*,)*\s*'[^'\\\n]*'\s*,?\s*)(\]\))/g;

/**
 * Sorts the expected list of a sorted result again: a renamed item can sort elsewhere (courier came
 * before istio-ingress, parcels comes after), and such a test expects its list in `.sort()`'s order
 * whatever it contains. Lists already in order (every passing test's, before the rename) keep their text.
 */
export function resortSortedExpectations(text: string): string {
  return text.replace(SORTED_EXPECTATION, (whole, before: string, items: string, after: string) => {
    const literals = items.match(/'[^']*'/g) ?? [];
    const values = literals.map((literal) => literal.slice(1, -1));
    const sorted = [...values].sort();
    if (sorted.every((value, index) => value === values[index])) return whole;
    return `${before}${sorted.map((value) => `'${value}'`).join(', ')}${after}`;
  });
}
