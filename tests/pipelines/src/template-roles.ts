import * as path from 'node:path';
import type { PipelineRole } from './official-pipeline-schema';
import { loadPipelineYaml } from './pipeline-yaml';

/**
 * The official schema validates a pipeline at its root; a template is not a pipeline (a variables
 * template has no stages, jobs or steps) and has a definition of its own: stagesTemplate,
 * jobsTemplate, stepsTemplate, variablesTemplate, extendsTemplate. Which one a file is follows
 * from where it is used: an item of `stages:` that says `template:` names a stages template, and
 * so on, as Azure expands it.
 */
const ROLE_OF_LIST: Record<string, PipelineRole> = {
  stages: 'stagesTemplate',
  jobs: 'jobsTemplate',
  steps: 'stepsTemplate',
  variables: 'variablesTemplate',
};

export interface TemplateUse {
  role: PipelineRole;
  /** The files that use it, each with the role it is used in. */
  usedBy: { file: string; role: PipelineRole }[];
}

/** Every template reached from the given pipelines, keyed by its repository-relative path. */
export function templateRoles(pipelineFiles: readonly string[]): Map<string, TemplateUse> {
  const uses = new Map<string, TemplateUse>();
  const pending = [...pipelineFiles];
  const seen = new Set<string>();
  const record = (from: string, template: string, role: PipelineRole) => {
    // `file@repository` lives in another repository, outside what this suite can read.
    if (template.includes('@')) return;
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(from), template));
    const use = uses.get(resolved) ?? { role, usedBy: [] };
    use.usedBy.push({ file: from, role });
    uses.set(resolved, use);
    pending.push(resolved);
  };
  const visit = (from: string, node: unknown): void => {
    if (Array.isArray(node)) return node.forEach((item) => visit(from, item));
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'extends' && value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>).template === 'string') {
        record(from, (value as Record<string, string>).template, 'extendsTemplate');
      }
      if (ROLE_OF_LIST[key] && Array.isArray(value)) {
        for (const item of value) {
          if (item !== null && typeof item === 'object' && typeof (item as Record<string, unknown>).template === 'string') {
            record(from, (item as Record<string, string>).template, ROLE_OF_LIST[key]);
          }
        }
      }
      visit(from, value);
    }
  };
  while (pending.length > 0) {
    const file = pending.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    visit(file, loadPipelineYaml(file));
  }
  return uses;
}

/** A template used in two roles cannot be valid in both: say where. */
export function conflictingUses(uses: ReadonlyMap<string, TemplateUse>): string[] {
  return [...uses.entries()]
    .filter(([, use]) => new Set(use.usedBy.map((by) => by.role)).size > 1)
    .map(([file, use]) => `${file} is used as ${use.usedBy.map((by) => `${by.role} by ${by.file}`).join(' and as ')}`);
}
