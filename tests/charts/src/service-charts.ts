import fs from 'node:fs';
import { parse } from 'yaml';
import { inWorkspace } from './workspace-paths';

interface ChartValues {
  database?: { enabled?: boolean };
  callers?: { name: string; namespace?: string; serviceAccount?: string; podLabels?: Record<string, string> }[];
}

/**
 * The service charts, as the umbrella chart installs them (its Chart.yaml dependencies), so a
 * service added to the umbrella is rendered, linted and policy-checked without editing this suite.
 */
export const SERVICE_CHARTS: readonly string[] = (
  parse(fs.readFileSync(inWorkspace('charts', 'courier', 'Chart.yaml'), 'utf8')) as { dependencies?: { name: string }[] }
).dependencies?.map((dependency) => dependency.name) ?? [];
export type ServiceName = string;

/** A service chart's own defaults (charts/<service>/values.yaml). */
export function chartDefaults(service: string): ChartValues {
  return parse(fs.readFileSync(inWorkspace('charts', service, 'values.yaml'), 'utf8')) as ChartValues;
}

/** Whether the service keeps data: its chart then renders the migration Job and the DATABASE_URL Secret reference. */
export const hasDatabase = (service: string) => chartDefaults(service).database?.enabled === true;
