import type { KubeObject } from '../../../charts/src/kube-object';
import type { MigrationRun } from './cluster-state';
import { podShape } from './pod-shape';
import { compareVersions } from './versions';

const isMigration = (job: KubeObject) => job.metadata.labels?.['app.kubernetes.io/component'] === 'migration' || job.metadata.name.endsWith('-migrate');

/**
 * Which version a migration image is: the `version` label of the rendered track that runs the same
 * image (the oldest when several do, so a mix-up never passes for the newer one), else its tag.
 */
function versionOfImage(image: string, objects: readonly KubeObject[]): string {
  const tag = image.slice(image.lastIndexOf(':') + 1);
  const versions = objects
    .filter((object) => object.kind === 'Deployment' && podShape(object).images.includes(image))
    .map((object) => podShape(object).labels.version)
    .filter((version): version is string => Boolean(version))
    .sort((a, b) => compareVersions(a, b) ?? a.localeCompare(b));
  return versions[0] ?? tag;
}

/** The record of a migration hook that ran, or undefined for a hook Job that is not a migration. */
export function migrationRun(job: KubeObject, namespace: string, objects: readonly KubeObject[], state: number): MigrationRun | undefined {
  if (!isMigration(job)) return undefined;
  const image = podShape(job).images[0] ?? '';
  const service = job.metadata.labels?.['app.kubernetes.io/name'] ?? job.metadata.name.replace(/-migrate$/, '');
  return { namespace, service, image, version: versionOfImage(image, objects), state };
}
