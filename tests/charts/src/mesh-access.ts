import { type KubeObject, ofKind } from './kube-object';

/** Who may call a service, read back from the rendered AuthorizationPolicy and NetworkPolicy. */

export function allowedPrincipals(objects: readonly KubeObject[], app: string): string[] {
  const policies = ofKind(objects, 'AuthorizationPolicy').filter((policy) =>
    (policy.spec?.selector as { matchLabels?: Record<string, string> })?.matchLabels?.app === app);
  return policies.flatMap((policy) => {
    if (policy.spec?.action !== 'ALLOW') throw new Error(`AuthorizationPolicy/${policy.metadata.name} is not an ALLOW policy`);
    const rules = (policy.spec?.rules ?? []) as { from?: { source?: { principals?: string[] } }[]; to?: { operation?: { ports?: string[]; paths?: string[] } }[] }[];
    // Only rules that open the service port to every path count as callers; a scrape rule is narrower.
    return rules
      .filter((rule) => rule.to?.every((target) => target.operation?.ports?.includes('8080') && !target.operation?.paths))
      .flatMap((rule) => (rule.from ?? []).flatMap((source) => source.source?.principals ?? []));
  }).sort();
}

interface Peer {
  podSelector?: { matchLabels?: Record<string, string> };
  namespaceSelector?: { matchLabels?: Record<string, string> };
}

/** `<namespace>/<label>=<value>` for each peer allowed on port 8080 of the app's pods. */
export function allowedNetworkPeers(objects: readonly KubeObject[], app: string): string[] {
  const policies = ofKind(objects, 'NetworkPolicy').filter((policy) =>
    (policy.spec?.podSelector as { matchLabels?: Record<string, string> })?.matchLabels?.app === app);
  return policies.flatMap((policy) =>
    ((policy.spec?.ingress ?? []) as { from?: Peer[]; ports?: { port: number }[] }[])
      .filter((rule) => rule.ports?.some((port) => port.port === 8080))
      .flatMap((rule) => (rule.from ?? []).map((peer) => {
        const namespace = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ?? '(same)';
        const labels = Object.entries(peer.podSelector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`).join(',');
        return `${namespace}/${labels || '(all pods)'}`;
      }))).sort();
}
