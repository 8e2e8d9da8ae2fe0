import { type WorkloadConfig } from '../../src';
import { type TestUpstream } from './test-upstream';

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
