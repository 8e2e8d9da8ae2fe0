import allowList from './allow-list.json';
import { TEMPLATE } from './template-names';

/** A word that may still say the template's name after the rename, and why. */
export interface AllowedWord {
  readonly word: string;
  readonly reason: string;
}

/** A line that still says the template's name, and not as an allowed word. */
export interface Mention {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

export const ALLOWED_WORDS: readonly AllowedWord[] = allowList.words;

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Character ranges of the allowed words in one line. */
function allowedRanges(line: string): [number, number][] {
  return ALLOWED_WORDS.flatMap(({ word }) => [...line.matchAll(new RegExp(escapeRegExp(word), 'g'))].map((match): [number, number] => [match.index, match.index + word.length]));
}

/** Every line of `text` that mentions the template's name (in any case) outside an allowed word: what the rename must not leave behind. */
export function unallowedMentions(file: string, text: string): Mention[] {
  const name = new RegExp(escapeRegExp(TEMPLATE.name), 'gi');
  return text.split('\n').flatMap((line, index) => {
    const ranges = allowedRanges(line);
    const stray = [...line.matchAll(name)].some((match) => !ranges.some(([start, end]) => start <= match.index && match.index + TEMPLATE.name.length <= end));
    return stray ? [{ file, line: index + 1, text: line.trim() }] : [];
  });
}
