import { type Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { chartLock, chartLockDigest, type ChartDependency } from '../service/helm-chart-lock';

const dependenciesOf = (tree: Tree, chartYaml: string): ChartDependency[] => (parse(tree.read(chartYaml, 'utf-8') ?? '') as { dependencies?: ChartDependency[] } | null)?.dependencies ?? [];

/**
 * Rewrites each Chart.lock whose digest no longer matches its Chart.yaml: the service charts'
 * dependency on the library chart changed name and repository (courier-lib → <name>-lib), and
 * `helm dependency build` refuses a lock with a stale digest. A lock the rename did not touch keeps
 * its digest and its `generated` time. Returns the locks written.
 */
export function relockCharts(tree: Tree, now: Date): string[] {
  const written: string[] = [];
  for (const chart of tree.children('charts')) {
    const lockFile = `charts/${chart}/Chart.lock`;
    if (!tree.isFile(lockFile)) continue;
    const dependencies = dependenciesOf(tree, `charts/${chart}/Chart.yaml`);
    const lock = parse(tree.read(lockFile, 'utf-8') ?? '') as { digest?: string } | null;
    if (lock?.digest === chartLockDigest(dependencies)) continue;
    tree.write(lockFile, chartLock(dependencies, now));
    written.push(lockFile);
  }
  return written;
}

/**
 * Deletes what `helm dependency build` vendored into charts/<chart>/charts/ (git ignores it): the
 * archives carry the library chart under its old name, and the next build makes them again. Left in
 * place, they would also keep charts/courier alive as a folder of stale archives.
 */
export function deleteVendoredCharts(tree: Tree): string[] {
  const vendored = tree.children('charts').map((chart) => `charts/${chart}/charts`).filter((folder) => tree.exists(folder) && !tree.isFile(folder));
  for (const folder of vendored) tree.delete(folder);
  return vendored;
}
