import { generateFiles, OverwriteStrategy, type Tree } from '@nx/devkit';
import { parse } from 'yaml';
import { type NewService } from './new-service';
import { REFERENCE_SERVICE } from './reference-service';
import { SERVICE_DEPENDENCIES } from './service-package';
import { templateFiles } from './template-files';
import { libraryRootsReachableFrom } from './workspace-libraries';

/**
 * The path filter of a new service's pipeline: the reference service's filter, in its order, with
 * that service's own paths renamed and its libs replaced by the new service's (from the workspace
 * manifests). Everything else (library chart, pipeline templates and scripts, what the image build
 * reads) is shared, and the new Dockerfile is derived from the reference one, so it carries over;
 * tests/pipelines checks the result against the Nx graph and the new Dockerfile.
 */
export function pipelinePathFilters(tree: Tree, name: string): string[] {
  const source = `pipelines/${REFERENCE_SERVICE}.yml`;
  const text = tree.read(source, 'utf-8');
  if (!text) throw new Error(`${source} is missing: a new service's path filter is derived from it`);
  const reference = (parse(text) as { trigger?: { paths?: { include?: string[] } } }).trigger?.paths?.include ?? [];
  const own = new Map([
    [`services/${REFERENCE_SERVICE}`, `services/${name}`],
    [`charts/${REFERENCE_SERVICE}`, `charts/${name}`],
    [`pipelines/${REFERENCE_SERVICE}.yml`, `pipelines/${name}.yml`],
  ]);
  const libs = libraryRootsReachableFrom(tree, SERVICE_DEPENDENCIES);
  const filters: string[] = [];
  for (const entry of reference) {
    if (!entry.startsWith('libs/')) filters.push(own.get(entry) ?? entry);
    // The new service's libs take the place of the reference's (the first lib entry marks it).
    else if (!filters.some((kept) => kept.startsWith('libs/'))) filters.push(...libs);
  }
  return filters;
}

/** pipelines/<name>.yml: CI then CD through the shared templates, path-filtered to what it builds from. */
export function writeServicePipeline(tree: Tree, service: NewService): void {
  const pathFilters = pipelinePathFilters(tree, service.name);
  generateFiles(tree, templateFiles('pipeline'), 'pipelines', { ...service, pathFilters }, { overwriteStrategy: OverwriteStrategy.ThrowIfExisting });
}
