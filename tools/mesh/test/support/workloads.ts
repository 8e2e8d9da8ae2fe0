import { type WorkloadConfig } from '../../src';
import { TestUpstream, type UpstreamHandler } from './test-upstream';

/** A workload entry for an upstream, labelled like the charts label their pods. */
export function workloadFor(upstream: TestUpstream, service: string, version: string, track: string): WorkloadConfig {
  return { name: upstream.name, service, labels: { app: service, version, track }, url: upstream.url };
}

/** The DestinationRule every Courier chart renders: subsets by track. */
export function trackSubsets(host: string, apiVersion = 'networking.istio.io/v1'): string {
  return `
apiVersion: ${apiVersion}
kind: DestinationRule
metadata: { name: ${host} }
spec:
  host: ${host}
  subsets:
    - { name: stable, labels: { track: stable } }
    - { name: canary, labels: { track: canary } }
`;
}

/** delivery's DestinationRule and its VirtualService with these `http` routes (YAML list items, indented by four). */
export function deliveryRoutes(http: string): string {
  return `${trackSubsets('delivery')}
---
${deliveryVirtualService(http)}`;
}

/** delivery's VirtualService alone, with these `http` routes (YAML list items, indented by four). */
export function deliveryVirtualService(http: string): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: delivery }
spec:
  hosts: [delivery]
  http:
${http}`;
}

/** delivery's routing with all of its traffic on one track. */
export const deliveryRoutedTo = (subset: 'stable' | 'canary') => deliveryRoutes(`    - route: [{ destination: { host: delivery, subset: ${subset} } }]\n`);

/** delivery v1 and v2 as two upstreams: the pair most specs route between (the canary may answer its own way). */
export async function startDeliveryTracks(canaryHandler?: UpstreamHandler): Promise<{ stable: TestUpstream; canary: TestUpstream }> {
  const [stable, canary] = await Promise.all([TestUpstream.start('delivery-v1'), TestUpstream.start('delivery-v2', canaryHandler)]);
  return { stable, canary };
}

/** Their workloads, labelled as the delivery chart labels its pods: v1 on stable, v2 on the canary track. */
export function deliveryWorkloads(stable: TestUpstream, canary: TestUpstream): WorkloadConfig[] {
  return [workloadFor(stable, 'delivery', 'v1', 'stable'), workloadFor(canary, 'delivery', 'v2', 'canary')];
}
