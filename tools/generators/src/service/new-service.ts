import { names, type Tree } from '@nx/devkit';
import { serviceNameProblem } from './service-name';
import { choosePort } from './service-ports';
import { type ServiceOptions } from './service-options';

/** Everything the generator's steps need to know about the service being added. */
export interface NewService {
  /** kebab-case: the project, chart, mesh host, image repository and pipeline. */
  readonly name: string;
  /** PascalCase for TypeScript names (`PricingModule`). */
  readonly className: string;
  /** Local port (its service.yaml's `port`, its config's `PORT` default). */
  readonly port: number;
}

/** Validates the options against the workspace; throws an error that says what to change. */
export function describeNewService(tree: Tree, options: ServiceOptions): NewService {
  const name = options.name?.trim() ?? '';
  const problem = serviceNameProblem(tree, name);
  if (problem) throw new Error(`Cannot generate service: ${problem}.`);
  return { name, className: names(name).className, port: choosePort(tree, options.port) };
}
