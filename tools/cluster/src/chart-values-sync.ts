import { isMap, isSeq, parseDocument, type Document, type ToStringOptions, type YAMLMap, type YAMLSeq } from 'yaml';
import { urlVariable } from './chart-values-schema';
import type { ServiceManifest } from './service-manifest';

/** Never fold long lines: a synced file differs only where the manifest changed something. */
export const YAML_OUTPUT: ToStringOptions = { lineWidth: 0 };
/** Where the mesh's callers reach every service: its Service's port. */
const SERVICE_URL = (service: string) => `http://${service}:8080`;
/** What a service that gains a database starts with; its Secret comes from courier-cluster (kind) or your platform. */
const DATABASE = (service: string) => ({ enabled: true, schema: service.replaceAll('-', '_'), poolMax: 10, secret: { name: 'courier-database', key: 'DATABASE_URL' } });
const MIGRATION = { backoffLimit: 2, activeDeadlineSeconds: 300 };

/**
 * charts/<name>/values.yaml with what services/<name>/service.yaml decides written into it, and
 * everything else (comments included) left as it is:
 * - `image.repository`: courier/<name>;
 * - `env`: a `<CALLEE>_URL` for each service it calls, none for a workspace service it does not;
 * - `database` and `migration`: as `database` says;
 * - `callers`: every service whose manifest calls it (callers from outside the workspace, such as
 *   the ingress gateway, stay);
 * - `ingress.enabled`: as `public` says; `streams.enabled`: whether it has a `streamsPort`.
 */
export function syncServiceValues(text: string, manifest: ServiceManifest, manifests: readonly ServiceManifest[]): string {
  const values = parseDocument(text);
  const { name } = manifest;
  values.setIn(['image', 'repository'], `courier/${name}`);
  syncEnv(values, manifest, manifests);
  if (manifest.database) {
    if (values.getIn(['database', 'enabled']) !== true) values.set('database', DATABASE(name));
    if (!values.has('migration')) values.set('migration', MIGRATION);
  } else {
    const database = values.get('database');
    if (!isMap(database) || database.items.length !== 1 || database.get('enabled') !== false) values.set('database', { enabled: false });
    values.delete('migration');
  }
  syncCallers(values, manifests.filter((other) => other.calls.includes(name)).map((other) => other.name), new Set(manifests.map((other) => other.name)));
  values.setIn(['ingress', 'enabled'], manifest.public);
  values.setIn(['streams', 'enabled'], manifest.streamsPort !== undefined);
  return values.toString(YAML_OUTPUT);
}

function syncEnv(values: Document, manifest: ServiceManifest, manifests: readonly ServiceManifest[]): void {
  if (!isMap(values.get('env'))) values.set('env', values.createNode({}));
  const env = values.get('env') as YAMLMap;
  for (const other of manifests) {
    const key = urlVariable(other.name);
    if (!manifest.calls.includes(other.name)) env.delete(key);
    else if (!env.has(key)) env.set(key, SERVICE_URL(other.name));
  }
  env.flow = env.items.length === 0;
}

/** Keeps the callers' order and their extra fields; adds the missing ones at the end. */
function syncCallers(values: Document, wanted: string[], workspace: ReadonlySet<string>): void {
  const callers = values.get('callers');
  const existing = isSeq(callers) ? callers.items.filter(isMap) : [];
  const kept = existing.filter((caller) => {
    const callerName = String(caller.get('name'));
    return !workspace.has(callerName) || (wanted.includes(callerName) && !caller.has('namespace'));
  });
  const keptNames = kept.map((caller) => String(caller.get('name')));
  const added = wanted.filter((callerName) => !keptNames.includes(callerName)).map((callerName) => values.createNode({ name: callerName }));
  const seq = values.createNode([]) as YAMLSeq<unknown>;
  seq.items.push(...kept, ...added);
  seq.flow = false;
  if (isSeq(callers) && callers.commentBefore) seq.commentBefore = callers.commentBefore;
  values.set('callers', seq);
}
