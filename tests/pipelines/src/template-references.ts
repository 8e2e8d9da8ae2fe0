import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPipelineYaml } from './pipeline-yaml';
import { workspaceRoot } from './workspace-paths';

export interface TemplateReference {
  from: string;
  template: string;
  /** The referenced file, relative to the repository root. */
  resolved: string;
  parameters: Record<string, unknown>;
}

/** Every `template:` reference in a file; Azure resolves them relative to the referencing file. */
export function templateReferences(relativeFile: string): TemplateReference[] {
  const refs: TemplateReference[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.template === 'string') {
      refs.push({
        from: relativeFile,
        template: record.template,
        resolved: path.posix.normalize(path.posix.join(path.posix.dirname(relativeFile), record.template)),
        parameters: (record.parameters as Record<string, unknown> | undefined) ?? {},
      });
    }
    Object.values(record).forEach(visit);
  };
  visit(loadPipelineYaml(relativeFile));
  return refs;
}

interface DeclaredParameter {
  name: string;
  default?: unknown;
  values?: unknown[];
}

/** Problems with one reference: a missing file, undeclared or missing parameters, values not allowed. */
export function referenceProblems(ref: TemplateReference): string[] {
  const label = `${ref.from} → ${ref.template}`;
  if (!fs.existsSync(path.join(workspaceRoot, ref.resolved))) return [`${label}: ${ref.resolved} does not exist`];
  const declared = (loadPipelineYaml(ref.resolved).parameters as DeclaredParameter[] | undefined) ?? [];
  const byName = new Map(declared.map((p) => [p.name, p]));
  const problems: string[] = [];
  for (const [name, value] of Object.entries(ref.parameters)) {
    const parameter = byName.get(name);
    if (!parameter) {
      problems.push(`${label}: passes parameter ${name}, which the template does not declare`);
      continue;
    }
    const isExpression = typeof value === 'string' && value.includes('${{');
    if (parameter.values && !isExpression && !parameter.values.includes(value)) {
      problems.push(`${label}: ${name}=${String(value)} is not one of ${parameter.values.join(', ')}`);
    }
  }
  for (const parameter of declared) {
    if (parameter.default === undefined && !(parameter.name in ref.parameters)) {
      problems.push(`${label}: required parameter ${parameter.name} is not passed`);
    }
  }
  return problems;
}
