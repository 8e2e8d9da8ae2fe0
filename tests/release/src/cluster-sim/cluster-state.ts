import type { KubeObject } from '../../../charts/src/kube-object';

/** What the pods of a Deployment look like: the parts routing, readiness and metrics depend on. */
export interface PodShape {
  readonly labels: Readonly<Record<string, string>>;
  readonly images: readonly string[];
  readonly containers: readonly string[];
  /** Secrets the pod needs to start (env, envFrom, volumes). */
  readonly secrets: readonly string[];
}

export interface DeploymentState {
  readonly namespace: string;
  readonly name: string;
  /** The pod template of the applied object. */
  readonly template: PodShape;
  /** The pods that run now: the last template that became ready (undefined before the first). */
  readonly running?: PodShape;
  readonly ready: boolean;
  /** An Istio sidecar is injected: header routes, mirrors and weights apply to this pod's requests. */
  readonly sidecar: boolean;
}

/** The migration hook ran to completion with this image. */
export interface MigrationRun {
  readonly namespace: string;
  readonly service: string;
  readonly image: string;
  /** The version the image is, as the tag or the matching track's `version` label says. */
  readonly version: string;
  readonly state: number;
}

/** Requests with a header, sent to a service while a probe (kubectl exec, the ingress) runs. */
export interface Probe {
  /** The kubectl exec or port-forward sending them; they stop when it is closed. */
  readonly owner: number;
  /** `mesh`: from a caller's pod (kubectl exec); `ingress`: through the ingress gateway. */
  readonly via: 'mesh' | 'ingress';
  /** The namespace of the caller (mesh) or of the ingress route that routed it. */
  readonly namespace: string;
  /** Through a Gateway API Gateway (its own Service, `<name>-istio`), not Istio's ingress gateway. */
  readonly gateway?: { readonly namespace: string; readonly name: string };
  /** The service the requests are for (mesh), or the request's Host (ingress). */
  readonly host: string;
  /** Lower case, as Envoy compares header names. */
  readonly header: string;
  readonly value: string;
  /** The path the requests go to: the ingress routes only its public paths. */
  readonly path: string;
}

export interface ReleaseSummary {
  readonly namespace: string;
  readonly name: string;
  readonly revision: number;
  readonly status: string;
  readonly chart: string;
}

/**
 * One observable cluster: what every object, Deployment and release looks like after a command.
 * States are never changed once recorded; keys are `<namespace>/<name>` (objects:
 * `<namespace>/<Kind>/<name>`, cluster-scoped objects with an empty namespace).
 */
export interface ClusterState {
  readonly index: number;
  /** The command line (or seed step) that produced this state, and which part of it. */
  readonly cause: string;
  readonly namespaces: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly objects: Readonly<Record<string, KubeObject>>;
  readonly deployments: Readonly<Record<string, DeploymentState>>;
  readonly releases: Readonly<Record<string, ReleaseSummary>>;
  readonly migrations: readonly MigrationRun[];
  readonly probes: readonly Probe[];
}

/** A state being built from its predecessor: top-level maps are copies, their entries are replaced, never edited. */
export type StateDraft = {
  -readonly [K in 'namespaces' | 'objects' | 'deployments' | 'releases']: Record<string, ClusterState[K][string]>;
} & { migrations: MigrationRun[]; probes: Probe[] };

export const EMPTY_STATE: ClusterState = { index: 0, cause: 'empty cluster', namespaces: {}, objects: {}, deployments: {}, releases: {}, migrations: [], probes: [] };

export function draftOf(state: ClusterState): StateDraft {
  return {
    namespaces: { ...state.namespaces },
    objects: { ...state.objects },
    deployments: { ...state.deployments },
    releases: { ...state.releases },
    migrations: [...state.migrations],
    probes: [...state.probes],
  };
}

export const objectKey = (namespace: string, kind: string, name: string) => `${namespace}/${kind}/${name}`;
export const namespacedKey = (namespace: string, name: string) => `${namespace}/${name}`;

/** Istio injects sidecars into a namespace labelled for it (the default revision, or a named one). */
export const injectsSidecars = (labels: Readonly<Record<string, string>> | undefined) =>
  labels?.['istio-injection'] === 'enabled' || (labels?.['istio.io/rev'] ?? '') !== '';

/**
 * A namespace in Istio's ambient mesh: no sidecar, but ztunnel carries its pods' traffic and the
 * waypoint (istio.io/use-waypoint) applies the routes to requests for its Services.
 */
export const inAmbientMesh = (labels: Readonly<Record<string, string>> | undefined) => labels?.['istio.io/dataplane-mode'] === 'ambient';
