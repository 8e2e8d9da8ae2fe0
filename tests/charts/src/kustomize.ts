import { spawnSync } from 'node:child_process';
import { resolveKubernetesTool } from '@courier/cluster';
import { type KubeObject, parseManifests } from './kube-object';
import { inWorkspace, WORKSPACE_ROOT } from './workspace-paths';

/** kustomize wraps long base64 values over lines; the API server's decoder skips the breaks, the schema's does not. */
function unwrapSecretData(object: KubeObject): KubeObject {
  if (object.kind !== 'Secret' || !object.data) return object;
  const data = Object.fromEntries(Object.entries(object.data as Record<string, string>).map(([key, value]) => [key, value.replace(/\s+/g, '')]));
  return { ...object, data };
}

/** `kubectl kustomize` of a workspace directory, with the real kubectl. */
export function kustomize(directory: string): KubeObject[] {
  const kubectl = resolveKubernetesTool('kubectl', WORKSPACE_ROOT);
  const result = spawnSync(kubectl.path, ['kustomize', inWorkspace(directory)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`kubectl kustomize ${directory} failed:\n${result.stderr}`);
  return parseManifests(result.stdout).map(unwrapSecretData);
}
