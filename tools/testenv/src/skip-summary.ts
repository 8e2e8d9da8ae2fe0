import { existsSync, readFileSync } from 'node:fs';
import type { MissingPrerequisite } from './required-tools';

/**
 * The closing lines of a test run that skipped something because a tool or artefact was missing
 * (see skipOrFail): one line per suite and tool, and the one command that installs them all.
 * Empty when nothing was skipped.
 */
export function skipSummary(reportFile: string): string {
  if (!existsSync(reportFile)) return '';
  const skips = new Map<string, MissingPrerequisite>();
  for (const line of readFileSync(reportFile, 'utf8').split('\n').filter(Boolean)) {
    const skip = JSON.parse(line) as MissingPrerequisite;
    skips.set(`${skip.suite}\0${skip.missing}\0${skip.what}`, skip);
  }
  if (skips.size === 0) return '';
  const packages = [...new Set([...skips.values()].map((skip) => skip.debian).filter(Boolean))];
  return [
    `[with-db] SKIPPED because something they need is missing (in CI that is a failure):`,
    ...[...skips.values()].map((skip) => `  - ${skip.suite}: ${skip.what} (needs ${skip.missing}: ${skip.fix})`),
    ...(packages.length ? [`[with-db] to run them: apt-get install ${packages.join(' ')}`] : []),
  ].join('\n');
}
