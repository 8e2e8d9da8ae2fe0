import { type Tree } from '@nx/devkit';
import { appendListItem } from './json-text-edits';

const MESH_CONFIG = 'deploy/compose/mesh.json';

interface MeshConfig {
  listeners: { port: number; host?: string }[];
  workloads: { service: string }[];
}

/**
 * docker-compose's mesh: a sidecar listener for the new service (next free mesh port, so other
 * containers can call it through the mesh) and its v1 container as the stable workload. Without a
 * VirtualService for it in routing.yaml, the mesh routes it like Istio does: to all its workloads.
 */
export function addToComposeMesh(tree: Tree, name: string): void {
  const text = tree.read(MESH_CONFIG, 'utf-8');
  if (text === null) return;
  const config = JSON.parse(text) as MeshConfig;
  const port = Math.max(...config.listeners.filter((listener) => listener.host && listener.port >= 15000).map((listener) => listener.port)) + 1;
  const withListener = appendListItem(MESH_CONFIG, text, 'listeners', { port, host: name });
  const edited = appendListItem(MESH_CONFIG, withListener, 'workloads', { service: name, name: `${name}-v1`, labels: { app: name, version: 'v1', track: 'stable' }, url: `http://${name}:8080` });
  tree.write(MESH_CONFIG, edited);
}
