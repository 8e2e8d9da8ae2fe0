import { visitNotIgnoredFiles, type Tree } from '@nx/devkit';

/**
 * The files the rename goes through: everything git would commit. visitNotIgnoredFiles skips
 * node_modules, .git, .nx and whatever .gitignore lists (.data/, dist/, vendored chart dependencies).
 */
export function workspaceFiles(tree: Tree): string[] {
  const files: string[] = [];
  visitNotIgnoredFiles(tree, '', (file) => files.push(file));
  return files.sort();
}
