import { generateFiles, OverwriteStrategy, type Tree } from '@nx/devkit';
import { type NewService } from './new-service';
import { writeServicePackage } from './service-package';
import { templateFiles } from './template-files';

/** services/<name>: the NestJS app on service-kit, its Nx project, manifest, tests and Dockerfile. */
export function writeServiceProject(tree: Tree, service: NewService): void {
  const root = `services/${service.name}`;
  generateFiles(tree, templateFiles('service'), root, { ...service }, { overwriteStrategy: OverwriteStrategy.ThrowIfExisting });
  writeServicePackage(tree, service.name);
}
