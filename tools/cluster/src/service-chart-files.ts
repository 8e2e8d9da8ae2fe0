import { parse } from 'yaml';
import { SERVICE_VALUES_SCHEMA_BASE, serviceValuesSchema } from './chart-values-schema';
import { syncServiceValues } from './chart-values-sync';
import { filesOnDisk, readServiceManifests, type ServiceManifest, type WorkspaceFiles } from './service-manifest';

/** charts/<name>/values.yaml and values.schema.json after syncing `valuesText` with the manifests. */
export function serviceChartFiles(manifest: ServiceManifest, manifests: readonly ServiceManifest[], valuesText: string, base: Record<string, unknown>): Record<string, string> {
  const values = syncServiceValues(valuesText, manifest, manifests);
  const env = ((parse(values) as { env?: Record<string, unknown> } | null)?.env ?? {}) as Record<string, unknown>;
  return {
    [`charts/${manifest.name}/values.yaml`]: values,
    [`charts/${manifest.name}/values.schema.json`]: `${JSON.stringify(serviceValuesSchema(base, manifest, env), null, 2)}\n`,
  };
}

/**
 * Every service chart's values.yaml and values.schema.json as services/<name>/service.yaml and the
 * shared schema decide them: what `render-compose-routing` and the service generator write, and
 * what a test compares with the committed files.
 */
export function renderServiceChartFiles(root: string, workspace: WorkspaceFiles = filesOnDisk(root)): Record<string, string> {
  const manifests = readServiceManifests(root, workspace);
  const baseText = workspace.read(SERVICE_VALUES_SCHEMA_BASE);
  if (baseText === undefined) throw new Error(`${SERVICE_VALUES_SCHEMA_BASE} is missing: every service chart's values.schema.json is derived from it`);
  const base = JSON.parse(baseText) as Record<string, unknown>;
  return Object.assign(
    {},
    ...manifests.map((manifest) => {
      const valuesText = workspace.read(`charts/${manifest.name}/values.yaml`);
      if (valuesText === undefined) throw new Error(`charts/${manifest.name}/values.yaml is missing: every service in services/ has a chart (npx nx g ./tools/generators:service writes it)`);
      return serviceChartFiles(manifest, manifests, valuesText, base);
    }),
  );
}
