import { existsSync, readFileSync } from 'node:fs';

interface RecordedSkip {
  suite: string;
  tool: string;
  what: string;
  debian?: string;
}

/**
 * The closing lines of a test run that skipped something because a tool was missing (see
 * requireTool): one line per suite and tool, and the one command that installs them all.
 * Empty when nothing was skipped.
 */
export function skipSummary(reportFile: string): string {
  if (!existsSync(reportFile)) return '';
  const skips = new Map<string, RecordedSkip>();
  for (const line of readFileSync(reportFile, 'utf8').split('\n').filter(Boolean)) {
    const skip = JSON.parse(line) as RecordedSkip;
    skips.set(`${skip.suite}\0${skip.tool}\0${skip.what}`, skip);
  }
  if (skips.size === 0) return '';
  const packages = [...new Set([...skips.values()].map((skip) => skip.debian).filter(Boolean))];
  return [
    `[with-db] SKIPPED because a tool is missing (CI installs them all and fails instead):`,
    ...[...skips.values()].map((skip) => `  - ${skip.suite}: ${skip.what} (needs ${skip.tool})`),
    ...(packages.length ? [`[with-db] to run them: apt-get install ${packages.join(' ')}`] : []),
  ].join('\n');
}
