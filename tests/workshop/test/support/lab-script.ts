import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A shell block of a lab, with the step it belongs to and the output the lab says it prints. */
export interface LabBlock {
  /** The heading of its step, e.g. "Step 4: Create a customer". */
  step: string;
  commands: string;
  /** ```sh checked: the step `courier lab check` looks for (checked before it runs, and after the lab). */
  checked: boolean;
  /** ```sh not-in-test: a command the suite stands in for (npm start: the suite's stack is running). */
  notInTest: boolean;
  /** The ```text block right after it: what you should see. Empty when the lab shows none. */
  expected: string;
}

export const WORKSHOP_DIR = path.resolve(__dirname, '../../../../docs/workshop');

/**
 * The shell blocks of a lab's Markdown, in order, as a participant would type them. A ```text
 * fence is a block's expected output when it follows that block with at most one line of prose
 * between (such as "You should see:").
 */
export function readLab(file: string): LabBlock[] {
  const text = readFileSync(path.join(WORKSHOP_DIR, file), 'utf8');
  const headings = [...text.matchAll(/^### (Step \d+: .+)$/gm)].map((match) => ({ at: match.index, title: match[1].trim() }));
  const blocks: LabBlock[] = [];
  let previous: { language: string; end: number } | undefined;
  for (const match of text.matchAll(/^```(\S*)([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const [, language, flags, body] = match;
    const step = headings.filter(({ at }) => at < match.index).at(-1)?.title ?? '';
    const prose = previous ? text.slice(previous.end, match.index).trim() : '';
    if (language === 'sh') blocks.push({ step, commands: body, checked: /\bchecked\b/.test(flags), notInTest: /\bnot-in-test\b/.test(flags), expected: '' });
    else if (language === 'text' && previous?.language === 'sh' && !prose.includes('\n')) blocks[blocks.length - 1].expected = body;
    previous = { language, end: match.index + match[0].length };
  }
  return blocks;
}
