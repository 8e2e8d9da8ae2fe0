import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The services Courier deploys, read from the workspace rather than listed by hand, so that a
 * service added by the generator is built, loaded, installed and run locally without more edits:
 * the umbrella chart's dependencies (charts/courier/Chart.yaml), in its order, that have a
 * `services/<name>/Dockerfile`.
 */
export function workspaceServices(root: string): string[] {
  const umbrella = parse(readFileSync(path.join(root, 'charts/courier/Chart.yaml'), 'utf8')) as { dependencies?: { name: string }[] };
  return (umbrella.dependencies ?? []).map((dependency) => dependency.name).filter((name) => existsSync(path.join(root, 'services', name, 'Dockerfile')));
}
