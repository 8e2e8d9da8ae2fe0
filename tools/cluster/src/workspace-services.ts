import { readServiceManifests } from './service-manifest';

/**
 * The services Courier deploys, in the order they start and install (a service after those it
 * calls), from their `services/<name>/service.yaml`: a service added by the generator is built,
 * loaded, installed and run locally without more edits.
 */
export function workspaceServices(root: string): string[] {
  return readServiceManifests(root).map((manifest) => manifest.name);
}
