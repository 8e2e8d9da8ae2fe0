import { readServiceManifests, streamsPorts, versionPorts } from '@courier/cluster';

/** One service as `npm start` runs it. */
export interface StackService {
  name: string;
  /** Versions run side by side, each as its own process: v1, or v1 and v2. */
  versions: string[];
  /** Where each version listens (behind the mesh). */
  ports: Record<string, number>;
  /** Where each version serves its long-lived streams (web: the control room's events); empty if it has none. */
  streamsPorts: Record<string, number>;
  /** The mesh listener in front of the service, through which the others call it. */
  meshListener: number;
  /** Whether the ingress gateway routes to it. */
  public: boolean;
}

/**
 * The services `npm start` runs, in start order, from their `services/<name>/service.yaml`: a
 * version added there, or a service added by the generator, runs without edits here.
 */
export function stackServices(root: string): StackService[] {
  return readServiceManifests(root).map((manifest) => ({
    name: manifest.name,
    versions: manifest.versions,
    ports: versionPorts(manifest),
    streamsPorts: streamsPorts(manifest),
    meshListener: manifest.meshListener,
    public: manifest.public,
  }));
}
