import { readServiceManifests } from '@courier/cluster';
import { CONTAINER_STREAMS_PORT } from '../../../tools/stack/src/compose-files';
import { chartDefaults } from '../src/service-charts';
import { WORKSPACE_ROOT } from '../src/workspace-paths';

/**
 * services/<name>/service.yaml says what runs where locally; the charts say the same facts for a
 * cluster. Where both hold one, they must agree, or a service works under npm start and is denied
 * (or has no database) on Kubernetes.
 */
describe('the service manifests and the charts agree', () => {
  const manifests = readServiceManifests(WORKSPACE_ROOT);
  const values = (service: string) => chartDefaults(service) as ReturnType<typeof chartDefaults> & { ingress?: { enabled?: boolean }; streams?: { enabled?: boolean; port?: number } };

  it.each(manifests.map((manifest) => [manifest.name, manifest] as const))('%s: a database, the ingress and a streams port as its manifest says', (name, manifest) => {
    expect({ name, database: values(name).database?.enabled === true, public: values(name).ingress?.enabled === true, streams: values(name).streams?.enabled === true }).toEqual({
      name,
      database: manifest.database,
      public: manifest.public,
      streams: manifest.streamsPort !== undefined,
    });
  });

  it('puts the streams on the container port compose gives them', () => {
    for (const manifest of manifests.filter((manifest) => manifest.streamsPort !== undefined)) expect([manifest.name, values(manifest.name).streams?.port]).toEqual([manifest.name, CONTAINER_STREAMS_PORT]);
  });

  /** Calls a manifest makes that the callee's chart does not let through (its callers, in the same namespace). */
  const deniedCalls = (callers: readonly { name: string; calls: string[] }[]) =>
    callers.flatMap((caller) =>
      caller.calls.filter((callee) => !(values(callee).callers ?? []).some((allowed) => allowed.name === caller.name && !allowed.namespace)).map((callee) => `${caller.name} → ${callee}`),
    );

  it('lets every call a manifest makes through the callee\'s chart (its callers, in the same namespace)', () => {
    expect(deniedCalls(manifests)).toEqual([]);
    // And it would say so: delivery's chart does not let users call it.
    expect(deniedCalls([{ name: 'users', calls: ['delivery'] }])).toEqual(['users → delivery']);
  });
});
