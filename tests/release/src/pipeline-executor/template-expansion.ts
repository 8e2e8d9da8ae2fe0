import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePipelineYaml } from '../../../pipelines/src/pipeline-yaml';
import { asString, evaluateExpression } from './expression';
import type { ExpandedPipeline, Job, Stage, Step, VariableEntry } from './pipeline-model';
import { resolveParameters } from './template-parameters';

interface Scope {
  workspaceRoot: string;
  /** Repository-relative file being expanded: template paths are relative to it. */
  file: string;
  parameters: Record<string, unknown>;
  variables: Record<string, string>;
}

const TEMPLATE_LISTS = new Set(['stages', 'jobs', 'steps', 'variables']);
type Raw = Record<string, unknown>;

function load(workspaceRoot: string, file: string): Raw {
  const full = path.join(workspaceRoot, file);
  if (!fs.existsSync(full)) throw new Error(`template ${file} does not exist`);
  return parsePipelineYaml(fs.readFileSync(full, 'utf8'), file);
}

/** `${{ expr }}` in a string: the whole string keeps the value's type; embedded ones are printed. */
function substitute(text: string, scope: Scope): unknown {
  const values = { parameters: scope.parameters, variables: scope.variables };
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(text);
  if (whole && !whole[1].includes('}}')) return evaluateExpression(whole[1], { values });
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, source: string) => asString(evaluateExpression(source, { values })));
}

function refuseDirective(key: string, scope: Scope): void {
  // The repository uses no conditional or loop insertion; a pipeline that starts to must not be half-expanded.
  if (key.trimStart().startsWith('${{')) throw new Error(`${scope.file}: template directive "${key}" is not modelled by the pipeline executor`);
}

function expand(node: unknown, scope: Scope, listKind?: string): unknown {
  if (typeof node === 'string') return substitute(node, scope);
  if (Array.isArray(node)) {
    return node.flatMap((item) => {
      if (listKind && TEMPLATE_LISTS.has(listKind) && item && typeof item === 'object' && 'template' in item) {
        return expandReference(item as Raw, scope, listKind);
      }
      return [expand(item, scope)];
    });
  }
  if (node === null || typeof node !== 'object') return node;
  const out: Raw = {};
  for (const [key, value] of Object.entries(node)) {
    refuseDirective(key, scope);
    out[key] = expand(value, scope, key);
  }
  return out;
}

/** `- template: x.yml` in a stages/jobs/steps/variables list: the template's list, with its parameters. */
function expandReference(reference: Raw, scope: Scope, listKind: string): unknown[] {
  const target = String(substitute(String(reference.template), scope));
  if (target.includes('@')) throw new Error(`${scope.file}: templates from other repositories (${target}) are not modelled`);
  const file = target.startsWith('/') ? target.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(scope.file), target));
  // Parameters are evaluated where they are written, in the including file's scope.
  const passed = (expand(reference.parameters ?? {}, scope) as Raw) ?? {};
  const template = load(scope.workspaceRoot, file);
  const label = `${scope.file} → ${file}`;
  const parameters = resolveParameters(template.parameters, passed, label);
  if (!Array.isArray(template[listKind])) throw new Error(`${label}: the template has no ${listKind} list`);
  return expand(template[listKind], { ...scope, file, parameters }, listKind) as unknown[];
}

function variableEntries(raw: unknown, label: string): VariableEntry[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return Object.entries(raw as Raw).map(([name, value]) => ({ name, value: asString(value) }));
  return raw.map((entry: Raw) => {
    if (typeof entry.group === 'string') return { group: entry.group };
    if (typeof entry.name === 'string') return { name: entry.name, value: asString(entry.value) };
    throw new Error(`${label}: a variables entry needs name/value or group: ${JSON.stringify(entry)}`);
  });
}

function dependsOnList(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  return Array.isArray(raw) ? raw.map(String) : [String(raw)];
}

function job(raw: Raw, label: string): Job {
  const deployment = typeof raw.deployment === 'string';
  const name = String(deployment ? raw.deployment : raw.job);
  let steps = raw.steps;
  if (deployment) {
    const runOnce = (raw.strategy as Raw | undefined)?.runOnce as Raw | undefined;
    const hooks = Object.keys(runOnce ?? {}).filter((hook) => hook !== 'deploy');
    if (!runOnce || hooks.length > 0) throw new Error(`${label}: deployment ${name}: only strategy.runOnce.deploy is modelled (found ${hooks.join(', ') || 'no runOnce'})`);
    steps = (runOnce.deploy as Raw).steps;
  }
  return {
    name,
    displayName: raw.displayName as string | undefined,
    deployment,
    environment: deployment ? String((raw.environment as Raw | undefined)?.name ?? raw.environment) : undefined,
    dependsOn: dependsOnList(raw.dependsOn),
    condition: raw.condition as string | undefined,
    variables: variableEntries(raw.variables, label),
    steps: (steps as Step[] | undefined) ?? [],
  };
}

function stages(body: Raw, label: string): Stage[] {
  if (Array.isArray(body.stages)) {
    return (body.stages as Raw[]).map((raw, i, all) => ({
      name: String(raw.stage),
      displayName: raw.displayName as string | undefined,
      // A stage without dependsOn depends on the one before it; `dependsOn: []` on none.
      dependsOn: raw.dependsOn === undefined ? (i > 0 ? [String(all[i - 1].stage)] : []) : dependsOnList(raw.dependsOn),
      condition: raw.condition as string | undefined,
      variables: variableEntries(raw.variables, label),
      jobs: ((raw.jobs as Raw[] | undefined) ?? []).map((j) => job(j, label)),
    }));
  }
  // A pipeline of jobs or of steps is one implicit stage (of one implicit job named Job).
  const jobs = Array.isArray(body.jobs) ? (body.jobs as Raw[]).map((j) => job(j, label)) : [job({ job: 'Job', steps: body.steps ?? [] }, label)];
  return [{ name: '__default', dependsOn: [], variables: [], jobs }];
}

/**
 * A pipeline file expanded as Azure compiles a run: pipeline parameters (with the run's
 * overrides), variable templates, stage/job/step templates relative to the including file, and
 * `${{ parameters.x }}` / `${{ variables.x }}` template expressions.
 */
export function expandPipeline(workspaceRoot: string, file: string, runParameters: Record<string, unknown> = {}): ExpandedPipeline {
  const raw = load(workspaceRoot, file);
  const parameters = resolveParameters(raw.parameters, runParameters, file);
  const scope: Scope = { workspaceRoot, file, parameters, variables: {} };
  const variables = variableEntries(expand(raw.variables, scope, 'variables'), file);
  // Template expressions see the pipeline's own variables (not groups: those are runtime).
  scope.variables = Object.fromEntries(variables.flatMap((v) => ('name' in v ? [[v.name, v.value]] : [])));
  const body: Raw = {};
  for (const key of ['stages', 'jobs', 'steps'] as const) if (raw[key] !== undefined) body[key] = expand(raw[key], scope, key);
  return { file, trigger: raw.trigger, pr: raw.pr, parameters, variables, stages: stages(body, file) };
}
