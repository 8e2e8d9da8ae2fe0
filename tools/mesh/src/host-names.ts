/** Kubernetes' service domain suffix, as Istio qualifies short host names. */
export const CLUSTER_DOMAIN_SUFFIX = 'svc.cluster.local';

/**
 * The fully qualified form of a service host as written in a VirtualService, DestinationRule or
 * destination. Istio reads a short name (`delivery`) in the namespace of the object that
 * mentions it; the mesh also completes `delivery.courier` and `delivery.courier.svc`, which
 * Kubernetes DNS would resolve the same way. Wildcards (`*`, `*.example.com`) and external
 * names are left as written.
 */
export function qualifyHost(host: string, namespace: string): string {
  const name = host.trim().toLowerCase();
  if (name.startsWith('*')) return name;
  const labels = name.split('.');
  if (labels.length === 1) return `${name}.${namespace}.${CLUSTER_DOMAIN_SUFFIX}`;
  if (labels.length === 2) return `${name}.${CLUSTER_DOMAIN_SUFFIX}`;
  if (labels.length === 3 && labels[2] === 'svc') return `${name}.cluster.local`;
  return name;
}

/** Whether a (possibly wildcard) VirtualService host covers a concrete host name. */
export function hostPatternMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

/** The short service name of a cluster-local FQDN (`delivery.courier.svc.cluster.local` → `delivery`). */
export function serviceNameOf(fqdn: string): string {
  return fqdn.endsWith(`.${CLUSTER_DOMAIN_SUFFIX}`) ? fqdn.split('.')[0] : fqdn;
}

/** The namespace of a cluster-local FQDN, or undefined for an external name. */
export function namespaceOf(fqdn: string): string | undefined {
  return fqdn.endsWith(`.${CLUSTER_DOMAIN_SUFFIX}`) ? fqdn.split('.')[1] : undefined;
}

/** The host part of an HTTP authority (`localhost:8080` → `localhost`, `[::1]:80` → `[::1]`). */
export function hostOfAuthority(authority: string): string {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    return end === -1 ? authority : authority.slice(0, end + 1);
  }
  const colon = authority.lastIndexOf(':');
  return (colon === -1 ? authority : authority.slice(0, colon)).toLowerCase();
}
