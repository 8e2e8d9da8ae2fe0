import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { parsePipelineYaml } from './pipeline-yaml';
import { workspaceRoot } from './workspace-paths';

/**
 * A pipeline file as Azure Pipelines reads it before it checks it against its schema: every scalar
 * is a string (`true`, `8080` and an empty value included), since the service parses YAML without
 * the core schema's type resolution. The file is first parsed strictly by parsePipelineYaml, so
 * duplicate keys and anchors are still rejected.
 */
export function pipelineAsStrings(text: string, label = 'pipeline'): unknown {
  parsePipelineYaml(text, label);
  return hoistTemplateExpressions(parseDocument(text, { schema: 'failsafe', uniqueKeys: true }).toJS());
}

export function loadPipelineAsStrings(relativeFile: string): unknown {
  return pipelineAsStrings(fs.readFileSync(path.join(workspaceRoot, relativeFile), 'utf8'), relativeFile);
}

const isTemplateExpression = (key: string) => /^\$\{\{.*\}\}$/s.test(key.trim());

/**
 * Template expressions used as keys (`${{ if ... }}:`, `${{ each ... }}:`) are expanded before Azure
 * validates the result, so their content is validated in place of the expression: a mapping's
 * entries join the parent mapping, a sequence's items join the parent sequence. This is what the
 * official language server does before applying the same schema.
 */
function hoistTemplateExpressions(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.flatMap((item) => {
      const entries = item !== null && typeof item === 'object' && !Array.isArray(item) ? Object.entries(item) : [];
      if (entries.length === 1 && isTemplateExpression(entries[0][0]) && Array.isArray(entries[0][1])) {
        return (hoistTemplateExpressions(entries[0][1]) as unknown[]);
      }
      return [hoistTemplateExpressions(item)];
    });
  }
  if (node === null || typeof node !== 'object') return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (isTemplateExpression(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      Object.assign(result, hoistTemplateExpressions(value));
    } else {
      result[key] = hoistTemplateExpressions(value);
    }
  }
  return result;
}
