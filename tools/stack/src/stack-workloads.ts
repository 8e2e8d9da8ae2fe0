import type { WorkloadConfig } from '@courier/mesh';
import { TRACKS, type ServiceRouting } from './service-routing';

/**
 * The mesh's view of the processes, as Istio's view of pods: one entry per track a version
 * serves, labelled like the chart labels its Deployments (app, version, track). A version that
 * serves two tracks (v1 on stable and blue) is listed twice, with the same URL.
 */
export function meshWorkloads(routing: Record<string, ServiceRouting>, urls: Record<string, Record<string, string>>): WorkloadConfig[] {
  return Object.entries(routing).flatMap(([service, { tracks }]) =>
    TRACKS.map((track) => ({
      service,
      name: `${service}-${tracks[track]}`,
      labels: { app: service, version: tracks[track], track },
      url: urls[service][tracks[track]],
    })),
  );
}
