import { type Tree } from '@nx/devkit';
import { REFERENCE_SERVICE } from './reference-service';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * services/<name>/Dockerfile: the reference service's Dockerfile with the service name and port
 * swapped. That is exactly the difference tools/ci/containers.sh allows between service
 * Dockerfiles (it normalises `\b<service>\b` and `ARG PORT=`), so the new one cannot drift.
 */
export function writeServiceDockerfile(tree: Tree, name: string, port: number): void {
  const source = `services/${REFERENCE_SERVICE}/Dockerfile`;
  const reference = tree.read(source, 'utf-8');
  if (!reference) throw new Error(`${source} is missing: a new service's Dockerfile is derived from it`);
  if (!/^ARG PORT=\d+$/m.test(reference)) throw new Error(`${source} has no "ARG PORT=<number>" line to set the new port on`);
  const dockerfile = reference
    .replace(new RegExp(`\\b${escapeRegExp(REFERENCE_SERVICE)}\\b`, 'g'), name)
    .replace(/^ARG PORT=\d+$/m, `ARG PORT=${port}`);
  tree.write(`services/${name}/Dockerfile`, dockerfile);
}
