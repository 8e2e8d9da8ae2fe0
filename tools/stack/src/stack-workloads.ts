import type { WorkloadConfig } from '@courier/mesh';
import { TRACKS, type ServiceRouting } from './service-routing';

/** The Service a chart with streams.enabled renders for them (courier-lib's streamsName). */
export const streamsServiceOf = (service: string) => `${service}-streams`;

/**
 * The mesh's view of the processes, as Istio's view of pods: one entry per track a version
 * serves, labelled like the chart labels its Deployments (app, version, track). A version that
 * serves two tracks (v1 on stable and blue) is listed twice, with the same URL.
 *
 * `streamsUrls`: where a service's versions serve their streams. The same pods stand behind a second
 * Service (`<name>-streams`) on that port, so the mesh reports the streams under its name.
 */
export function meshWorkloads(
  routing: Record<string, ServiceRouting>,
  urls: Record<string, Record<string, string>>,
  streamsUrls: Record<string, Record<string, string>> = {},
): WorkloadConfig[] {
  return Object.entries(routing).flatMap(([service, { tracks }]) =>
    TRACKS.flatMap((track) => {
      const version = tracks[track];
      const labels = { app: service, version, track };
      const workload = { service, name: `${service}-${version}`, labels, url: urls[service][version] };
      const streams = streamsUrls[service]?.[version];
      return streams ? [workload, { ...workload, service: streamsServiceOf(service), url: streams }] : [workload];
    }),
  );
}
