import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type DashboardVariables, substituteVariables } from '../../../../tools/dashboards/src/dashboard-variables';

export const DASHBOARDS_DIR = path.resolve(__dirname, '../../../../k8s/observability/dashboards');

interface Dashboard extends DashboardVariables {
  uid: string;
  title: string;
  annotations?: { list: { name: string; expr?: string }[] };
  panels: { title: string; targets?: { expr: string }[] }[];
}

/** One PromQL expression of a dashboard, with Grafana's variables already substituted. */
export interface DashboardQuery {
  dashboard: string;
  /** Panel or annotation title. */
  where: string;
  expr: string;
}

export function loadDashboards(): Dashboard[] {
  return readdirSync(DASHBOARDS_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(DASHBOARDS_DIR, file), 'utf8')) as Dashboard);
}

/** Every query as Grafana would send it, variables substituted (see substituteVariables). */
export function dashboardQueries(dashboard: Dashboard, pick: Record<string, string> = {}): DashboardQuery[] {
  const substitute = (expr: string) => substituteVariables(dashboard, expr, pick);
  return [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ dashboard: dashboard.title, where: panel.title, expr: substitute(target.expr) }))),
    ...(dashboard.annotations?.list ?? []).filter((annotation) => annotation.expr).map((annotation) => ({ dashboard: dashboard.title, where: `annotation ${annotation.name}`, expr: substitute(annotation.expr as string) })),
  ];
}
