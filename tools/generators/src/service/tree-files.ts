import { type Tree } from '@nx/devkit';
import type { WorkspaceFiles } from '../../../cluster/src/service-manifest';

/** The workspace as the generator will leave it, its pending writes included, for tools/cluster's readers. */
export const treeFiles = (tree: Tree): WorkspaceFiles => ({
  serviceFolders: () => tree.children('services'),
  read: (file) => (tree.isFile(file) ? (tree.read(file, 'utf-8') ?? undefined) : undefined),
});
