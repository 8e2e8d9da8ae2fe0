import { logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { deleteVendoredCharts, relockCharts } from './chart-locks';
import { moveFiles, plannedMoves } from './file-moves';
import { newNames } from './new-names';
import { nextSteps } from './next-steps';
import { keepNpmOrder } from './npm-order';
import { type RenameOptions } from './rename-options';
import { renameRules } from './rename-rules';
import { resortSortedExpectations } from './sorted-expectations';
import { isTemplateOnly, removeTemplateOnly } from './template-only';
import { textOf } from './text-files';
import { textRenamer } from './text-renamer';
import { workspaceFiles } from './workspace-files';

/** Scripts and tests, where a `.sort()` expectation can need its list sorted again. */
const CODE = /\.[cm]?[jt]s$/;

/**
 * `npx nx g ./tools/generators:rename --name parcels --scope @acme --registry acme.azurecr.io`: the
 * template under your own names. One table of rules (rename-rules.ts) rewrites every text file and
 * every path; the Chart.locks and npm's ordering are then brought in line with what was renamed, and
 * what only the template needs (this generator included) is removed. Every check runs before the
 * first write, and Nx writes the tree only if nothing threw.
 */
export async function renameGenerator(tree: Tree, options: RenameOptions): Promise<GeneratorCallback> {
  const names = newNames(tree, options);
  const rename = textRenamer(renameRules(names));
  const all = workspaceFiles(tree);
  const files = all.filter((file) => !isTemplateOnly(file));
  const moves = plannedMoves(tree, files, rename, names.kebab);

  const edited: string[] = [];
  for (const file of files) {
    const text = textOf(tree.read(file) ?? Buffer.alloc(0));
    if (text === undefined) continue;
    const renamed = CODE.test(file) ? resortSortedExpectations(rename(text)) : rename(text);
    if (renamed === text) continue;
    tree.write(file, renamed);
    edited.push(file);
  }
  moveFiles(tree, moves);
  deleteVendoredCharts(tree);
  const relocked = relockCharts(tree, new Date());
  keepNpmOrder(tree, edited.filter((file) => file.endsWith('package.json')), names.scope);
  const removed = removeTemplateOnly(tree, all);
  // npm install is left to the user: it rewrites node_modules, which a generator's dry run must never do.
  return () => logger.info(nextSteps(names, { edited: edited.length, moved: moves.length, relocked, removed: removed.length }));
}

export default renameGenerator;
