import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPOSITORY } from './repository';

interface WorkspacePackage {
  readonly name: string;
  /** Its folder, relative to the workspace root (libs/contracts). */
  readonly dir: string;
  readonly bin: Record<string, string>;
}

/** The workspace packages npm links: every folder the root package.json's `workspaces` globs (`libs/*`) match. */
function workspacePackages(root: string): WorkspacePackage[] {
  const globs = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces?: string[] }).workspaces ?? [];
  return globs.flatMap((glob) => {
    if (!/^[^*]+\/\*$/.test(glob)) throw new Error(`workspace glob ${glob}: only <folder>/* is supported here`);
    const parent = glob.slice(0, -2);
    return fs.readdirSync(path.join(root, parent)).flatMap((entry) => {
      const manifest = path.join(root, parent, entry, 'package.json');
      if (!fs.existsSync(manifest)) return [];
      const { name, bin } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name: string; bin?: Record<string, string> };
      return [{ name, dir: `${parent}/${entry}`, bin: bin ?? {} }];
    });
  });
}

/** Undefined for a link whose target is gone (a package removed since the install). */
function realpathOrUndefined(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

const link = (target: string, at: string) => {
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.symlinkSync(target, at);
};

/**
 * Gives a workspace copy (copyWorkspace) the node_modules `npm install` would give it, without running
 * npm, which would write into this repository's node_modules through the shared symlink: a folder of
 * its own whose entries link to this repository's installed packages, except this repository's own
 * workspace packages, which are linked from the copy's folders under the names the copy's
 * package.json files give them. A renamed workspace (@acme/contracts, where this repository has
 * @courier/contracts) then resolves its imports to its own renamed sources, as after `npm install`.
 * .bin links the copy's CLIs under their names, and .cache is the copy's own, so nothing its suites
 * cache (unpacked tools, type-check state) lands in this repository.
 */
export function linkOwnNodeModules(root: string): void {
  const shared = path.join(REPOSITORY, 'node_modules');
  const own = path.join(root, 'node_modules');
  const ours = workspacePackages(REPOSITORY);
  const theirs = workspacePackages(root);
  const oursByName = new Set(ours.map((pkg) => pkg.name));
  const ourDirs = ours.map((pkg) => fs.realpathSync(path.join(REPOSITORY, pkg.dir)));

  fs.rmSync(own, { force: true });
  fs.mkdirSync(own);
  fs.mkdirSync(path.join(own, '.cache'));
  fs.mkdirSync(path.join(own, '.bin'));
  for (const entry of fs.readdirSync(shared)) {
    // npm's record of this repository's install, not of the copy's.
    if (entry === '.bin' || entry === '.cache' || entry === '.package-lock.json') continue;
    if (!entry.startsWith('@')) {
      link(path.join(shared, entry), path.join(own, entry));
      continue;
    }
    for (const scoped of fs.readdirSync(path.join(shared, entry))) {
      if (!oursByName.has(`${entry}/${scoped}`)) link(path.join(shared, entry, scoped), path.join(own, entry, scoped));
    }
  }
  for (const pkg of theirs) link(path.relative(path.dirname(path.join(own, pkg.name)), path.join(root, pkg.dir)), path.join(own, pkg.name));

  for (const bin of fs.readdirSync(path.join(shared, '.bin'))) {
    const target = realpathOrUndefined(path.join(shared, '.bin', bin));
    if (target && !ourDirs.some((dir) => target.startsWith(`${dir}${path.sep}`))) link(path.join(shared, '.bin', bin), path.join(own, '.bin', bin));
  }
  for (const pkg of theirs) {
    for (const [bin, file] of Object.entries(pkg.bin)) link(path.join('..', pkg.name, file), path.join(own, '.bin', bin));
  }
}
