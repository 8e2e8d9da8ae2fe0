import type { MeshMode } from '@courier/contracts';
import type { CommandRunner } from '../actuators/command-runner';
import { STABLE_ONLY, type RolloutValues } from '../engine/rollout-values';

/** What one track of a service chart runs: the `version` label and, for a new build, its image tag. */
export interface TrackSettings {
  version: string;
  tag?: string;
}

/** A caller of the service, as the chart's `callers` lists it (no namespace: the release's own). */
export interface Caller {
  name: string;
  namespace?: string;
  serviceAccount?: string;
}

/** What a service's Helm release runs now, read from `helm get values --all -o json`. */
export interface ReleaseState {
  rollout: RolloutValues;
  tracks: Record<string, TrackSettings>;
  imageTag?: string;
  callers: Caller[];
  /**
   * A path the public ingress routes to the service (the chart's first `ingress.paths` entry: an
   * exact path, or a prefix): probes through the gateway go there, since any other gets a 404.
   */
  publicPath?: string;
  /**
   * With `routing.api: gateway-api`, the Gateway its public routes attach to (`ingress.gateway`,
   * `name` or `namespace/name`). Istio deploys that Gateway's proxy behind a Service
   * `<name>-istio`, which is where requests from outside enter instead of Istio's ingress gateway.
   */
  ingressGateway?: { namespace?: string; name: string };
  /** The data plane the release runs in (`mesh.mode`): it decides which proxy reports its requests. */
  meshMode: MeshMode;
}

/** The tracks the chart routes for these values (courier-lib.deployedTracks without `warm`). */
export function routedTracks(rollout: RolloutValues): string[] {
  if (rollout.strategy === 'none') return ['stable'];
  if (rollout.strategy === 'bluegreen') {
    const { active, preview } = rollout.bluegreen;
    return preview ? [active, active === 'blue' ? 'green' : 'blue'] : [active];
  }
  return ['stable', 'canary'];
}

/** Every track the chart deploys for these values: the routed ones, then the warm ones. */
export function deployedTracks(rollout: RolloutValues): string[] {
  const tracks = routedTracks(rollout);
  for (const track of rollout.warm ?? []) if (!tracks.includes(track)) tracks.push(track);
  return tracks;
}

/** The track everyone is served by (the primary route's main destination). */
export function liveTrack(rollout: RolloutValues): string {
  return rollout.strategy === 'bluegreen' ? rollout.bluegreen.active : 'stable';
}

/** The version and image a track runs, with the chart's image.tag when the track has no own tag. */
export function trackSettings(state: ReleaseState, track: string): TrackSettings {
  const settings = state.tracks[track];
  if (!settings?.version) throw new Error(`the release has no tracks.${track}.version`);
  const tag = settings.tag ?? state.imageTag;
  return tag ? { version: settings.version, tag } : { version: settings.version };
}

/** Parses the computed values of a service release; fails naming the key that is missing. */
export function releaseStateFrom(values: unknown, release: string): ReleaseState {
  const root = (values ?? {}) as {
    rollout?: Partial<RolloutValues>;
    tracks?: Record<string, TrackSettings>;
    image?: { tag?: unknown };
    callers?: Caller[];
    ingress?: { enabled?: boolean; gateway?: string; paths?: { exact?: string; prefix?: string }[] };
    routing?: { api?: string };
    mesh?: { mode?: string };
  };
  if (!root.rollout?.strategy) throw new Error(`helm get values ${release}: no rollout.strategy; is "${release}" a Courier service release?`);
  const rollout: RolloutValues = {
    ...STABLE_ONLY,
    ...root.rollout,
    canary: { ...STABLE_ONLY.canary, ...root.rollout.canary },
    bluegreen: { ...STABLE_ONLY.bluegreen, ...root.rollout.bluegreen },
    mirror: { ...STABLE_ONLY.mirror, ...root.rollout.mirror },
    match: root.rollout.match ?? [],
    warm: root.rollout.warm ?? [],
  };
  const imageTag = root.image?.tag === undefined || root.image.tag === null ? undefined : String(root.image.tag);
  const firstPath = root.ingress?.paths?.[0];
  const gatewayRef = root.routing?.api === 'gateway-api' && root.ingress?.enabled !== false ? root.ingress?.gateway?.split('/') : undefined;
  const ingressGateway = gatewayRef && (gatewayRef.length === 2 ? { namespace: gatewayRef[0], name: gatewayRef[1] } : { name: gatewayRef[0] });
  const meshMode = root.mesh?.mode === 'ambient' ? 'ambient' : 'sidecar';
  return { rollout, tracks: root.tracks ?? {}, imageTag, callers: root.callers ?? [], publicPath: firstPath?.exact ?? firstPath?.prefix, meshMode, ...(ingressGateway ? { ingressGateway } : {}) };
}

/** What a release runs now: its computed values, read with `helm get values --all`. */
export async function readRelease(runner: CommandRunner, release: string, namespace: string): Promise<ReleaseState> {
  const json = await runner.run('helm', ['get', 'values', release, '--namespace', namespace, '--all', '--output', 'json']);
  return releaseStateFrom(JSON.parse(json), release);
}
