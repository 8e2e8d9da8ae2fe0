import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The workspace whose pipelines are checked: `COURIER_WORKSPACE_ROOT` when set (tests/generators
 * points it at a workspace with a generated service), else this repository (tests/pipelines/src → ../../..).
 */
export const workspaceRoot = process.env.COURIER_WORKSPACE_ROOT ? path.resolve(process.env.COURIER_WORKSPACE_ROOT) : path.resolve(__dirname, '..', '..', '..');
export const pipelinesDir = path.join(workspaceRoot, 'pipelines');
export const templatesDir = path.join(pipelinesDir, 'templates');
export const scriptsDir = path.join(pipelinesDir, 'scripts');

/**
 * ../shared/vendor beside this repository (or COURIER_VENDOR_DIR): the official upstream artefacts,
 * here Microsoft's Azure Pipelines schema. Relative to the suite, not to COURIER_WORKSPACE_ROOT: a
 * generated workspace under test has no ../shared of its own.
 */
export const vendorDir = process.env.COURIER_VENDOR_DIR
  ? path.resolve(process.env.COURIER_VENDOR_DIR)
  : path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'vendor');

/** Every YAML file under pipelines/, relative to the repository root, sorted. */
export function pipelineYamlFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name)) found.push(path.relative(workspaceRoot, full).split(path.sep).join('/'));
    }
  };
  walk(pipelinesDir);
  return found.sort();
}

/** Top-level pipelines (pipelines/*.yml), as opposed to templates. */
export function rootPipelineFiles(): string[] {
  return pipelineYamlFiles().filter((file) => path.posix.dirname(file) === 'pipelines');
}

/** Never part of the workspace's own sources: dependencies, build output, local state. */
const NOT_SOURCES = new Set(['node_modules', '.git', '.data', '.nx', 'dist', 'coverage', 'out']);

/**
 * Files of the workspace under test whose repository-relative path matches, sorted. A walk, not
 * `git ls-files`: tests/generators runs these suites on a copy that is not a git repository.
 */
export function workspaceFiles(matching: RegExp): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (NOT_SOURCES.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      const relative = path.relative(workspaceRoot, full).split(path.sep).join('/');
      if (entry.isDirectory()) walk(full);
      else if (matching.test(relative)) found.push(relative);
    }
  };
  walk(workspaceRoot);
  return found.sort();
}
