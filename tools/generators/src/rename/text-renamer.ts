import { type RenameRule } from './rename-rules';

/**
 * One pass of all the rules over a text: they are joined into one alternation, so at each position
 * the first rule (in table order) that matches wins, and replaced text is never scanned again (a rule
 * cannot undo or double another's work).
 */
export function textRenamer(rules: readonly RenameRule[]): (text: string) => string {
  const anyRule = new RegExp(rules.map((rule) => `(${rule.find})`).join('|'), 'g');
  return (text) =>
    text.replace(anyRule, (...groups: unknown[]) => {
      const index = groups.slice(1, rules.length + 1).findIndex((group) => group !== undefined);
      return rules[index].replaceWith;
    });
}
