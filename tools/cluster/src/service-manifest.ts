import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** Later versions of a service listen this far above the one before (delivery: v1 3002, v2 3012). */
export const VERSION_PORT_STEP = 10;
export const MANIFEST_FILE = 'service.yaml';

const port = z.number().int().min(1024, 'must be a port from 1024 to 65535').max(65535, 'must be a port from 1024 to 65535');

const ServiceManifestSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, 'must be a DNS label such as "pricing"'),
  /** Where the first version listens locally. */
  port,
  /** The local mesh's listener in front of the service: its callers' `<NAME>_URL`. */
  meshListener: port,
  /** Versions that run side by side locally, in order: the first is stable, the next the canary. */
  versions: z
    .array(z.string().regex(/^v\d+$/, 'must look like v1, v2, …'))
    .min(1, 'list at least one version, e.g. [v1]')
    .refine((versions) => new Set(versions).size === versions.length, 'lists a version twice'),
  /** The services it calls: they start before it, and it gets their URLs. */
  calls: z.array(z.string()).default([]),
  /** Whether it has its own schema in PostgreSQL (DATABASE_URL, migrations). */
  database: z.boolean(),
  /** Whether the ingress gateway routes to it. At most one service is public. */
  public: z.boolean().default(false),
  /**
   * Where the first version serves long-lived streams (the control room's events), if it has any:
   * their own port, so the mesh reports them as <name>-streams (the chart's streams.enabled).
   */
  streamsPort: port.optional(),
});

/** One service, as `services/<name>/service.yaml` describes it. */
export type ServiceManifest = z.infer<typeof ServiceManifestSchema>;

/** Where each version of a service listens locally: v1 on `port`, v2 `VERSION_PORT_STEP` above, … */
export function versionPorts(manifest: ServiceManifest, first = manifest.port): Record<string, number> {
  return Object.fromEntries(manifest.versions.map((version, index) => [version, first + index * VERSION_PORT_STEP]));
}

/** Where each version serves its streams locally, stepped like versionPorts; none without `streamsPort`. */
export function streamsPorts(manifest: ServiceManifest): Record<string, number> {
  return manifest.streamsPort === undefined ? {} : versionPorts(manifest, manifest.streamsPort);
}

/** Where the manifests are read from: the workspace on disk, or a generator's tree of pending changes. */
export interface WorkspaceFiles {
  /** The folders under services/. */
  serviceFolders(): string[];
  /** A file's text, by its path in the workspace; undefined when it does not exist. */
  read(file: string): string | undefined;
}

export const filesOnDisk = (root: string): WorkspaceFiles => ({
  serviceFolders: () => (existsSync(path.join(root, 'services')) ? readdirSync(path.join(root, 'services')) : []),
  read: (file) => (existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), 'utf8') : undefined),
});

/**
 * Every service of the workspace, read from `services/<name>/service.yaml` and validated: each
 * problem names the file and the field. Ordered so that a service comes after those it calls
 * (users, delivery, web), ties by name: the order npm start starts them and the cluster installs them.
 */
export function readServiceManifests(root: string, workspace: WorkspaceFiles = filesOnDisk(root)): ServiceManifest[] {
  const problems: string[] = [];
  const manifests: ServiceManifest[] = [];
  const files = new Map<ServiceManifest, string>();
  for (const name of [...workspace.serviceFolders()].sort()) {
    const file = `services/${name}/${MANIFEST_FILE}`;
    const text = workspace.read(file);
    if (text === undefined) {
      if (workspace.read(`services/${name}/package.json`) !== undefined) problems.push(`${file}: missing; every service under services/ has one (npx nx g ./tools/generators:service writes it)`);
      continue;
    }
    let raw: unknown;
    try {
      raw = parse(text);
    } catch (error) {
      problems.push(`${file}: not YAML (${(error as Error).message.split('\n')[0]})`);
      continue;
    }
    const parsed = ServiceManifestSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => `${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`));
      continue;
    }
    if (parsed.data.name !== name) problems.push(`${file}: name: must be "${name}", the folder it is in`);
    manifests.push(parsed.data);
    files.set(parsed.data, file);
  }
  problems.push(...crossServiceProblems(manifests, files));
  if (problems.length > 0) throw new Error(`invalid service manifests:\n  ${problems.join('\n  ')}`);
  return startOrder(manifests);
}

/** What no single file can check: calls to services that exist, no port used twice, one public service. */
function crossServiceProblems(manifests: readonly ServiceManifest[], files: ReadonlyMap<ServiceManifest, string>): string[] {
  const problems: string[] = [];
  const names = new Set(manifests.map((manifest) => manifest.name));
  const owners = new Map<number, string>();
  const claim = (port: number, owner: string, file: string, field: string) => {
    const previous = owners.get(port);
    if (previous) problems.push(`${file}: ${field}: port ${port} is taken by ${previous}`);
    else owners.set(port, owner);
  };
  for (const manifest of manifests) {
    const file = files.get(manifest) as string;
    manifest.calls.forEach((callee, index) => {
      if (!names.has(callee)) problems.push(`${file}: calls.${index}: no service "${callee}" (services/${callee}/${MANIFEST_FILE})`);
      if (callee === manifest.name) problems.push(`${file}: calls.${index}: a service does not call itself through the mesh`);
    });
    for (const [version, versionPort] of Object.entries(versionPorts(manifest))) claim(versionPort, `${manifest.name} ${version}`, file, version === manifest.versions[0] ? 'port' : `versions (${version} on ${versionPort})`);
    for (const [version, streamsPort] of Object.entries(streamsPorts(manifest))) claim(streamsPort, `${manifest.name} ${version}'s streams`, file, version === manifest.versions[0] ? 'streamsPort' : `versions (${version}'s streams on ${streamsPort})`);
    claim(manifest.meshListener, `${manifest.name}'s mesh listener`, file, 'meshListener');
  }
  const publicOnes = manifests.filter((manifest) => manifest.public).map((manifest) => manifest.name);
  if (publicOnes.length > 1) problems.push(`services/*/${MANIFEST_FILE}: public: only one service faces the ingress gateway (${publicOnes.join(', ')} say they do)`);
  return problems;
}

/** Callees before callers, ties by name; a cycle of calls is an error that names it. */
function startOrder(manifests: readonly ServiceManifest[]): ServiceManifest[] {
  const ordered: ServiceManifest[] = [];
  const pending = [...manifests];
  while (pending.length > 0) {
    const ready = pending.find((manifest) => manifest.calls.every((callee) => ordered.some((done) => done.name === callee)));
    if (!ready) throw new Error(`invalid service manifests:\n  services/*/${MANIFEST_FILE}: calls: ${pending.map((manifest) => manifest.name).join(', ')} call each other in a cycle`);
    ordered.push(ready);
    pending.splice(pending.indexOf(ready), 1);
  }
  return ordered;
}
