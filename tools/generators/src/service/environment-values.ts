import { type Tree } from '@nx/devkit';
import { isMap, parseDocument } from 'yaml';
import { YAML_OUTPUT } from './yaml-output';
import { REFERENCE_SERVICE } from './reference-service';

/** Umbrella values per environment; each service has a block (registry, telemetry, scaling). */
export const ENVIRONMENT_VALUES = ['k8s/kind/courier.values.yaml', 'k8s/aks/courier.values.yaml'] as const;

/**
 * Gives the new service the reference service's block in each environment's values, so it is
 * pulled from the same registry and scaled and traced like its peers there.
 */
export function addToEnvironmentValues(tree: Tree, name: string): void {
  for (const file of ENVIRONMENT_VALUES) {
    const text = tree.read(file, 'utf-8');
    if (text === null) continue;
    const values = parseDocument(text);
    const reference = values.get(REFERENCE_SERVICE, true);
    if (!isMap(reference) || !isMap(values.contents)) continue;
    const block = reference.clone();
    block.commentBefore = undefined;
    values.set(name, block);
    tree.write(file, values.toString(YAML_OUTPUT));
  }
}
