import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAlias, isNode, parseDocument, visit } from 'yaml';
import { workspaceRoot } from './workspace-paths';

/** A parsed pipeline or template: plain JSON data, as Azure sees it. */
export type PipelineDocument = Record<string, unknown>;

/**
 * Parses one pipelines/ YAML file strictly: duplicate keys are errors and anchors/aliases are
 * rejected, because Azure Pipelines does not support them.
 */
export function loadPipelineYaml(relativeFile: string): PipelineDocument {
  const text = fs.readFileSync(path.join(workspaceRoot, relativeFile), 'utf8');
  return parsePipelineYaml(text, relativeFile);
}

export function parsePipelineYaml(text: string, label = 'pipeline'): PipelineDocument {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
  if (problems.length > 0) throw new Error(`${label}: ${problems.join('; ')}`);
  let anchored = false;
  visit(doc, (_key, node) => {
    if (isAlias(node) || (isNode(node) && node.anchor)) anchored = true;
  });
  if (anchored) throw new Error(`${label}: YAML anchors and aliases are not supported by Azure Pipelines`);
  const value: unknown = doc.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${label}: the top level must be a mapping`);
  }
  return value as PipelineDocument;
}

/** Every step of a document (in stages, jobs, deployment hooks or at the top level), in order. */
export function allSteps(doc: unknown): Record<string, unknown>[] {
  const steps: Record<string, unknown>[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'steps' && Array.isArray(value)) {
        for (const step of value) if (step && typeof step === 'object') steps.push(step as Record<string, unknown>);
      } else {
        visit(value);
      }
    }
  };
  visit(doc);
  return steps;
}

/** The shell text a step runs: `script`, `bash`, or an AzureCLI@2 inline script. */
export function stepShell(step: Record<string, unknown>): string | undefined {
  if (typeof step.script === 'string') return step.script;
  if (typeof step.bash === 'string') return step.bash;
  const inputs = step.inputs as Record<string, unknown> | undefined;
  if (step.task === 'AzureCLI@2' && typeof inputs?.inlineScript === 'string') return inputs.inlineScript;
  return undefined;
}
