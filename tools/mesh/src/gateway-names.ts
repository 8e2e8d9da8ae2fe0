/** The reserved gateway name that means "every sidecar in the mesh". */
export const MESH_GATEWAY = 'mesh';

/**
 * Qualifies a gateway reference as `namespace/name`. VirtualServices may name a gateway in their
 * own namespace without the prefix; `mesh` stays as it is.
 */
export function qualifyGateway(reference: string, namespace: string): string {
  if (reference === MESH_GATEWAY) return MESH_GATEWAY;
  return reference.includes('/') ? reference : `${namespace}/${reference}`;
}
