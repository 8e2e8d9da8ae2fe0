import { generateFiles, OverwriteStrategy, type Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { renderServiceChartFiles } from '../../../cluster/src/service-chart-files';
import { chartLock, type ChartDependency } from './helm-chart-lock';
import { writeStartingValues } from './chart-values';
import { type NewService } from './new-service';
import { templateFiles } from './template-files';
import { treeFiles } from './tree-files';

/** Dependencies listed in a Chart.yaml of the tree. */
export function chartDependencies(tree: Tree, chartYaml: string): ChartDependency[] {
  return ((parse(tree.read(chartYaml, 'utf-8') ?? '') as { dependencies?: ChartDependency[] } | null)?.dependencies ?? []);
}

/**
 * charts/<name>: a thin chart over courier-lib, like charts/users, with its lock written. Its
 * values and values.schema.json say what its service.yaml (written before) says, exactly as
 * `render-compose-routing` keeps every chart; no other chart changes, as nothing calls it yet.
 */
export function writeServiceChart(tree: Tree, service: NewService, now: Date): void {
  const root = `charts/${service.name}`;
  generateFiles(tree, templateFiles('chart'), root, { ...service }, { overwriteStrategy: OverwriteStrategy.ThrowIfExisting });
  writeStartingValues(tree, service.name);
  for (const [file, text] of Object.entries(renderServiceChartFiles(tree.root, treeFiles(tree)))) if (file.startsWith(`${root}/`)) tree.write(file, text);
  tree.write(`${root}/Chart.lock`, chartLock(chartDependencies(tree, `${root}/Chart.yaml`), now));
}
