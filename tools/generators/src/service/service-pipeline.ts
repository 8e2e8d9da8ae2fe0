import { generateFiles, OverwriteStrategy, type Tree } from '@nx/devkit';
import { type NewService } from './new-service';
import { SERVICE_DEPENDENCIES } from './service-package';
import { templateFiles } from './template-files';
import { libraryRootsReachableFrom } from './workspace-libraries';

/**
 * The path filter of a service pipeline, in the order the existing pipelines list it: the service,
 * its chart, the library chart, the libs it depends on in the Nx graph, the pipeline, and the
 * shared pipeline templates and scripts.
 */
export function pipelinePathFilters(tree: Tree, name: string): string[] {
  return [
    `services/${name}`,
    `charts/${name}`,
    'charts/courier-lib',
    ...libraryRootsReachableFrom(tree, SERVICE_DEPENDENCIES),
    `pipelines/${name}.yml`,
    'pipelines/templates',
    'pipelines/scripts',
  ];
}

/** pipelines/<name>.yml: CI then CD through the shared templates, path-filtered to what it builds from. */
export function writeServicePipeline(tree: Tree, service: NewService): void {
  const pathFilters = pipelinePathFilters(tree, service.name);
  generateFiles(tree, templateFiles('pipeline'), 'pipelines', { ...service, pathFilters }, { overwriteStrategy: OverwriteStrategy.ThrowIfExisting });
}
