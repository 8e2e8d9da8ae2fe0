import { type Tree } from '@nx/devkit';
import { nameProblem } from './name-option';
import { acrNameOf, registryProblem } from './registry-option';
import { type RenameOptions } from './rename-options';
import { scopeProblem } from './scope-option';

/**
 * The project's new name in every form the template's name takes. One word (parcels) gives the same
 * letters everywhere; a dashed name (fleet-ops) needs each form where dashes are not allowed.
 */
export interface NewNames {
  /** parcels, fleet-ops: charts, namespaces, image repositories, bins, Azure resources, paths. */
  readonly kebab: string;
  /** parcels, fleet_ops: Prometheus metric and database names. */
  readonly snake: string;
  /** parcels, fleetOps: camelCase identifiers. */
  readonly camel: string;
  /** Parcels, FleetOps: types, titles and prose. */
  readonly pascal: string;
  /** PARCELS, FLEET_OPS: environment variables. */
  readonly upper: string;
  /** parcels, fleetops: glued to another word without a separator (an ACR-style name). */
  readonly compact: string;
  /** @acme */
  readonly scope: string;
  /** acme.azurecr.io */
  readonly registry: string;
  /** acme: the registry's ACR resource name. */
  readonly acrName: string;
}

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Every form of the new names, once all three options pass their checks; else one error listing each problem. */
export function newNames(tree: Tree, options: RenameOptions): NewNames {
  const name = options.name?.trim() ?? '';
  const scope = options.scope?.trim() ?? '';
  const registry = options.registry?.trim() ?? '';
  const problems = [nameProblem(tree, name), scopeProblem(tree, scope), registryProblem(registry)].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new Error(`Cannot rename the workspace:\n  ${problems.join('\n  ')}`);
  const words = name.split('-');
  return {
    kebab: name,
    snake: words.join('_'),
    camel: words[0] + words.slice(1).map(capitalised).join(''),
    pascal: words.map(capitalised).join(''),
    upper: words.join('_').toUpperCase(),
    compact: words.join(''),
    scope,
    registry,
    acrName: acrNameOf(registry),
  };
}
