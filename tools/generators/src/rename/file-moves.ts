import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Tree } from '@nx/devkit';

/** A file whose path carries the template's name (charts/courier/…, tools/rollout/bin/courier.js). */
export interface FileMove {
  readonly from: string;
  readonly to: string;
}

/**
 * Every path the rename changes, checked before anything is written: a target that exists (and is
 * not itself moved away) or that two files would share means the name clashes with the workspace.
 */
export function plannedMoves(tree: Tree, files: readonly string[], rename: (text: string) => string, name: string): FileMove[] {
  const moves = files.map((from) => ({ from, to: rename(from) })).filter((move) => move.to !== move.from);
  const movedAway = new Set(moves.map((move) => move.from));
  const targets = new Map<string, string>();
  const clashes: string[] = [];
  for (const { from, to } of moves) {
    if (tree.exists(to) && !movedAway.has(to)) clashes.push(`${from} → ${to}, which exists`);
    else if (targets.has(to)) clashes.push(`${from} → ${to}, as ${targets.get(to)} is`);
    targets.set(to, from);
  }
  if (clashes.length > 0) {
    throw new Error(`Cannot rename the workspace: --name "${name}" clashes with what the workspace has (choose another name):\n  ${clashes.slice(0, 5).join('\n  ')}${clashes.length > 5 ? `\n  … and ${clashes.length - 5} more` : ''}`);
  }
  return moves;
}

/** The file's mode on disk, so a moved bin stays executable; undefined in an in-memory tree. */
function modeOnDisk(tree: Tree, file: string): number | undefined {
  try {
    return fs.statSync(path.join(tree.root, file)).mode;
  } catch {
    return undefined;
  }
}

/**
 * Moves the files with their (already renamed) content. Tree.rename would drop the executable bit
 * of tools/rollout/bin/courier.js and the other bins. A folder left empty goes too: Tree.delete
 * removes a parent with no children left, so charts/courier disappears with its last file.
 */
export function moveFiles(tree: Tree, moves: readonly FileMove[]): void {
  for (const { from, to } of moves) {
    const content = tree.read(from);
    if (content === null) throw new Error(`${from} disappeared during the rename`);
    const mode = modeOnDisk(tree, from);
    tree.write(to, content, mode === undefined ? undefined : { mode });
  }
  for (const { from } of moves) tree.delete(from);
}
