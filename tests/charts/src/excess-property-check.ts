import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type KubeObject } from './kube-object';
import { inWorkspace } from './workspace-paths';

/**
 * Catches fields a schema check lets through (the Kubernetes schemas allow unknown properties): each
 * object becomes an object literal assigned to its kubernetes-models interface, and `tsc --noEmit`
 * reports every property the interface does not declare (TS2353 and friends).
 */
export interface TypeCheckResult {
  /** Diagnostics per object id; objects without a diagnostic are absent. */
  readonly errors: ReadonlyMap<string, string[]>;
  /** Diagnostics tsc printed that belong to no object (would mean a broken generator). */
  readonly unattributed: readonly string[];
  readonly generatedFile: string;
}

const CRD_INTERFACES: Record<string, string> = {
  'monitoring.coreos.com/v1/ServiceMonitor': path.join(__dirname, 'crd', 'service-monitor'),
};

function interfaceModule(object: KubeObject): string {
  const key = `${object.apiVersion}/${object.kind}`;
  if (CRD_INTERFACES[key]) return CRD_INTERFACES[key];
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  return group.endsWith('istio.io') ? `@kubernetes-models/istio/${key}` : `kubernetes-models/${key}`;
}

export function checkExcessProperties(objects: ReadonlyMap<string, KubeObject>, label: string): TypeCheckResult {
  // Inside the workspace so that module resolution finds node_modules; never committed (node_modules).
  const directory = inWorkspace('node_modules', '.cache', 'courier-charts-typecheck', `${label}-${process.pid}`);
  fs.rmSync(directory, { recursive: true, force: true });
  fs.mkdirSync(directory, { recursive: true });
  const imports = new Map<string, string>();
  const declarations: string[] = [];
  const lineOwners: { firstLine: number; lastLine: number; id: string }[] = [];
  let line = 1;
  const body: string[] = [];
  [...objects].forEach(([id, object], index) => {
    const module = interfaceModule(object);
    const alias = imports.get(module) ?? `I${object.kind}_${imports.size}`;
    if (!imports.has(module)) imports.set(module, alias);
    const literal = JSON.stringify(object, null, 2);
    const declaration = `// ${id}\nexport const object${index}: ${alias} = ${literal};\n`;
    body.push(declaration);
    const lines = declaration.split('\n').length - 1;
    lineOwners.push({ firstLine: line, lastLine: line + lines - 1, id });
    line += lines;
  });
  for (const [module, alias] of imports) {
    const kind = alias.replace(/_\d+$/, '');
    declarations.push(`import type { ${kind} as ${alias} } from ${JSON.stringify(module.startsWith('/') ? path.relative(directory, module) .replace(/^(?!\.)/, './') : module)};`);
  }
  const header = `${declarations.join('\n')}\n`;
  const headerLines = header.split('\n').length - 1;
  const file = path.join(directory, 'rendered-objects.ts');
  fs.writeFileSync(file, header + body.join(''));
  fs.writeFileSync(path.join(directory, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', skipLibCheck: true, types: [] },
    files: ['rendered-objects.ts'],
  }));
  const tsc = require.resolve('typescript/bin/tsc', { paths: [inWorkspace()] });
  const run = spawnSync(process.execPath, [tsc, '-p', directory, '--pretty', 'false'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const errors = new Map<string, string[]>();
  const unattributed: string[] = [];
  for (const diagnostic of run.stdout.split('\n').filter((text) => text.includes('error TS'))) {
    const position = /rendered-objects\.ts\((\d+),\d+\)/.exec(diagnostic);
    const owner = position && lineOwners.find((range) => {
      const fileLine = Number(position[1]) - headerLines;
      return fileLine >= range.firstLine && fileLine <= range.lastLine;
    });
    if (owner) errors.set(owner.id, [...(errors.get(owner.id) ?? []), diagnostic.replace(/^.*?error /, 'error ')]);
    else unattributed.push(diagnostic);
  }
  if (run.status !== 0 && errors.size === 0 && unattributed.length === 0) unattributed.push(run.stdout + run.stderr);
  // Kept only when something beyond the planted typo failed, to read the generated file.
  if (unattributed.length === 0 && errors.size <= 1) fs.rmSync(directory, { recursive: true, force: true });
  return { errors, unattributed, generatedFile: file };
}
