import { generateFiles, OverwriteStrategy, type Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { chartLock, type ChartDependency } from './helm-chart-lock';
import { writeChartValues } from './chart-values';
import { writeChartValuesSchema } from './chart-values-schema';
import { type NewService } from './new-service';
import { templateFiles } from './template-files';

/** Dependencies listed in a Chart.yaml of the tree. */
export function chartDependencies(tree: Tree, chartYaml: string): ChartDependency[] {
  return ((parse(tree.read(chartYaml, 'utf-8') ?? '') as { dependencies?: ChartDependency[] } | null)?.dependencies ?? []);
}

/** charts/<name>: a thin chart over courier-lib, like charts/users, with its lock written. */
export function writeServiceChart(tree: Tree, service: NewService, now: Date): void {
  const root = `charts/${service.name}`;
  generateFiles(tree, templateFiles('chart'), root, { ...service }, { overwriteStrategy: OverwriteStrategy.ThrowIfExisting });
  writeChartValues(tree, service.name);
  writeChartValuesSchema(tree, service.name);
  tree.write(`${root}/Chart.lock`, chartLock(chartDependencies(tree, `${root}/Chart.yaml`), now));
}
