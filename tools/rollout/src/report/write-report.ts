import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RolloutReport } from '../engine/rollout-report';
import { markdownReport } from './markdown-report';

/** Writes `<dir>/rollout-<service>.json` and `.md`; returns both paths. */
export async function writeReport(report: RolloutReport, dir: string): Promise<{ json: string; markdown: string }> {
  await mkdir(dir, { recursive: true });
  const json = path.join(dir, `rollout-${report.service}.json`);
  const markdown = path.join(dir, `rollout-${report.service}.md`);
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdown, markdownReport(report));
  return { json, markdown };
}
