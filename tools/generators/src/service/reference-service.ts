/**
 * The existing service whose chart values, values schema and pipeline path filter a new
 * service is derived from. users is the plain internal backend: no UI, no ingress, called through
 * the mesh. Deriving (rather than keeping a copy under files/) keeps a new service in step with
 * whatever the existing ones look like today.
 */
export const REFERENCE_SERVICE = 'users';
