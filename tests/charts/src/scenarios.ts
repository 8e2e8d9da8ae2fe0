import { type ServiceName, SERVICE_CHARTS } from './service-charts';
import { type Values } from './helm-cli';
import { type RouteSummary } from './route-table';
import { inWorkspace } from './workspace-paths';

/**
 * Every rollout state the suite renders through the umbrella chart. A scenario sets one service's
 * rollout values, exactly as the rollout engine would, and states what must come out of it.
 */
export interface Scenario {
  readonly name: string;
  readonly service: ServiceName;
  /** The service's own values: `rollout` and `tracks`, plus anything the scenario exercises. */
  readonly values: Values;
  /** Values files of an environment (kind, AKS), applied under the scenario's values. */
  readonly environment?: readonly string[];
  /** Deployments of the service, one per track. */
  readonly deployments: readonly string[];
  /** The routes of the service's mesh VirtualService, in order. */
  readonly routes: readonly RouteSummary[];
  /** Image tag of the migration Job (the newest deployed version). */
  readonly migrationTag: string;
}

/** The charts' routing.api: Istio's VirtualService API, or the Kubernetes Gateway API. */
export type RoutingApi = 'istio' | 'gateway-api';
export const ROUTING_APIS: readonly RoutingApi[] = ['istio', 'gateway-api'];
/** The data plane (`mesh.mode`): ambient needs routing.api gateway-api. */
export type MeshMode = 'sidecar' | 'ambient';

export const STABLE_TAG = '0.1.0';
export const NEW_TAG = '0.2.0';
const newBuild = (track: string) => ({ tracks: { [track]: { version: 'v2', tag: NEW_TAG } } });

const primary = (to: Record<string, number>, mirror?: RouteSummary['mirror']): RouteSummary =>
  ({ name: 'primary', when: 'always', to, ...(mirror ? { mirror } : {}) });

const canary = (weight: number, service = 'delivery'): Scenario => ({
  name: service === 'delivery' ? `canary ${weight}` : `canary ${weight} of ${service}`,
  service,
  values: { rollout: { strategy: 'canary', canary: { weight } }, ...newBuild('canary') },
  deployments: [`${service}-stable`, `${service}-canary`],
  routes: [primary({ stable: 100 - weight, canary: weight })],
  migrationTag: NEW_TAG,
});

const mirror = (percent: number): Scenario => ({
  name: `mirror ${percent}`,
  service: 'delivery',
  values: { rollout: { strategy: 'mirror', mirror: { percent } }, ...newBuild('canary') },
  deployments: ['delivery-stable', 'delivery-canary'],
  routes: [primary({ stable: 100 }, { subset: 'canary', percent })],
  migrationTag: NEW_TAG,
});

const HAND_WRITTEN_SCENARIOS: readonly Scenario[] = [
  {
    name: 'stable only',
    service: 'delivery',
    values: {},
    deployments: ['delivery-stable'],
    routes: [primary({ stable: 100 })],
    migrationTag: STABLE_TAG,
  },
  canary(10),
  canary(50),
  canary(100),
  {
    name: 'blue/green, blue active',
    service: 'delivery',
    values: { rollout: { strategy: 'bluegreen', bluegreen: { active: 'blue' } } },
    deployments: ['delivery-blue'],
    routes: [primary({ blue: 100 })],
    migrationTag: STABLE_TAG,
  },
  {
    name: 'blue/green, blue active, green in preview',
    service: 'delivery',
    values: { rollout: { strategy: 'bluegreen', bluegreen: { active: 'blue', preview: true } }, ...newBuild('green') },
    deployments: ['delivery-blue', 'delivery-green'],
    routes: [{ name: 'preview', when: 'x-courier-preview=true', to: { green: 100 } }, primary({ blue: 100 })],
    migrationTag: NEW_TAG,
  },
  {
    name: 'blue/green, switched to green, blue kept for rollback',
    service: 'delivery',
    values: { rollout: { strategy: 'bluegreen', bluegreen: { active: 'green', preview: true } }, ...newBuild('green') },
    deployments: ['delivery-green', 'delivery-blue'],
    routes: [{ name: 'preview', when: 'x-courier-preview=true', to: { blue: 100 } }, primary({ green: 100 })],
    migrationTag: NEW_TAG,
  },
  mirror(100),
  mirror(20),
  {
    // A point release over the chart's default stable `v1`: Masterminds' constraint "> v1" means
    // ">= v2", so comparing through semverCompare kept the migration on the old image.
    name: 'canary of a point release (v1 -> v1.3.0)',
    service: 'delivery',
    values: { rollout: { strategy: 'canary', canary: { weight: 10 } }, tracks: { canary: { version: 'v1.3.0', tag: 'v1.3.0' } } },
    deployments: ['delivery-stable', 'delivery-canary'],
    routes: [primary({ stable: 90, canary: 10 })],
    migrationTag: 'v1.3.0',
  },
  {
    // The pipeline's versions: a release after a main build, and v1.10.0 after v1.9.0 (not a string order).
    name: 'canary of the pipeline versions (v1.9.0 -> v1.10.0)',
    service: 'users',
    values: { rollout: { strategy: 'canary', canary: { weight: 50 } }, tracks: { stable: { version: 'v1.9.0', tag: 'v1.9.0' }, canary: { version: 'v1.10.0', tag: 'v1.10.0' } } },
    deployments: ['users-stable', 'users-canary'],
    routes: [primary({ stable: 50, canary: 50 })],
    migrationTag: 'v1.10.0',
  },
  {
    // Make before break: the new track runs (and migrates) before any route points at it.
    name: 'canary track warmed before routing',
    service: 'delivery',
    values: { rollout: { strategy: 'none', warm: ['canary'] }, ...newBuild('canary') },
    deployments: ['delivery-stable', 'delivery-canary'],
    routes: [primary({ stable: 100 })],
    migrationTag: NEW_TAG,
  },
  {
    // Switching from stable-only to blue/green: blue takes over only once it is ready, stable stays
    // until no route points at it.
    name: 'blue/green taking over from stable, stable kept warm',
    service: 'delivery',
    values: { rollout: { strategy: 'bluegreen', bluegreen: { active: 'blue' }, warm: ['stable'] } },
    deployments: ['delivery-blue', 'delivery-stable'],
    routes: [primary({ blue: 100 })],
    migrationTag: STABLE_TAG,
  },
  {
    name: 'A/B by header',
    service: 'web',
    values: {
      rollout: { strategy: 'canary', canary: { weight: 0 }, match: [{ header: 'x-courier-cohort', exact: 'beta', track: 'canary' }] },
      ...newBuild('canary'),
    },
    deployments: ['web-stable', 'web-canary'],
    routes: [{ name: 'match-0-canary', when: 'x-courier-cohort=beta', to: { canary: 100 } }, primary({ stable: 100, canary: 0 })],
    migrationTag: STABLE_TAG,
  },
  // kind has no platform-release values; its service values (k8s/kind/services.values.yaml) and AKS's
  // (k8s/aks/services.values.yaml, web.values.yaml) configure each service's own release, and
  // tools/cluster/test/environment-values.spec.ts lints every release with them.
  {
    name: 'AKS environment values',
    service: 'users',
    values: {},
    environment: [inWorkspace('k8s/aks/courier.values.yaml')],
    deployments: ['users-stable'],
    routes: [primary({ stable: 100 })],
    migrationTag: STABLE_TAG,
  },
  {
    name: 'ServiceMonitor and a meshed scraper',
    service: 'users',
    values: { metrics: { serviceMonitor: { enabled: true, interval: '30s' }, scraperPrincipals: ['cluster.local/ns/monitoring/sa/prometheus'] } },
    deployments: ['users-stable'],
    routes: [primary({ stable: 100 })],
    migrationTag: STABLE_TAG,
  },
];

/**
 * Every scenario above, plus a canary of each service they do not exercise (such as one added with
 * tools/generators), so every service the umbrella installs is rendered through a rollout.
 */
export const SCENARIOS: readonly Scenario[] = [
  ...HAND_WRITTEN_SCENARIOS,
  ...SERVICE_CHARTS.filter((service) => !HAND_WRITTEN_SCENARIOS.some((scenario) => scenario.service === service)).map((service) => canary(10, service)),
];

/** The same image tag for every service, with the scenario's values over its service. */
/** The values of one service chart in a scenario. */
function valuesOf(scenario: Scenario, service: string): Values {
  return { image: { tag: STABLE_TAG }, ...(service === scenario.service ? scenario.values : {}) };
}

/**
 * The scenario for the umbrella chart, every service switched on, so that one render holds the
 * whole namespace (the umbrella leaves them off: on a cluster each service is its own release).
 */
export function umbrellaValues(scenario: Scenario, api: RoutingApi = 'istio', mode: MeshMode = 'sidecar'): Values {
  const shared = { ...(api === 'istio' ? {} : { routing: { api } }), ...(mode === 'sidecar' ? {} : { mesh: { mode } }) };
  return { ...shared, ...Object.fromEntries(SERVICE_CHARTS.map((service) => [service, { enabled: true, ...shared, ...valuesOf(scenario, service) }])) };
}

/** The scenario's values as the service chart alone takes them (for `helm lint` of that chart). */
export function serviceValues(scenario: Scenario): Values {
  return valuesOf(scenario, scenario.service);
}

export const scenarioNames = SCENARIOS.map((scenario) => [scenario.name, scenario] as const);
