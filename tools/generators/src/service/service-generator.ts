import { logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { describeNewService } from './new-service';
import { nextSteps } from './next-steps';
import { writeServiceChart } from './service-chart';
import { writeServiceManifest } from './service-manifest';
import { type ServiceOptions } from './service-options';
import { writeServicePipeline } from './service-pipeline';
import { writeServiceProject } from './service-project';
import { addToUmbrellaChart } from './umbrella-chart';

/**
 * `npx nx g ./tools/generators:service <name>`: a fourth service built like users, delivery and web.
 * Every check runs before the first write, and Nx writes the tree only if nothing threw, so a
 * failure leaves the workspace untouched.
 */
export async function serviceGenerator(tree: Tree, options: ServiceOptions): Promise<GeneratorCallback> {
  const service = describeNewService(tree, options);
  const now = new Date();
  writeServiceManifest(tree, service);
  writeServiceProject(tree, service);
  writeServiceChart(tree, service, now);
  addToUmbrellaChart(tree, service.name, now);
  writeServicePipeline(tree, service);
  // npm install is left to the user: it changes package-lock.json and node_modules, which a
  // generator's dry run must never do.
  return () => logger.info(nextSteps(service));
}

export default serviceGenerator;
