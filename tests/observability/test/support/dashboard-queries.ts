import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const DASHBOARDS_DIR = path.resolve(__dirname, '../../../../k8s/observability/dashboards');

interface Variable {
  name: string;
  type: string;
  multi?: boolean;
  options?: { value: string }[];
}
interface Dashboard {
  uid: string;
  title: string;
  templating: { list: Variable[] };
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

/**
 * Every query as Grafana would send it: a single-value variable becomes its first option, a
 * multi-value one the regex alternation Grafana builds (`(users|delivery|web)`).
 */
export function dashboardQueries(dashboard: Dashboard, pick: Record<string, string> = {}): DashboardQuery[] {
  const substitute = (expr: string) =>
    dashboard.templating.list.reduce((text, variable) => {
      if (variable.type !== 'custom') return text;
      const values = (variable.options ?? []).map((option) => option.value);
      const value = pick[variable.name] ?? (variable.multi ? `(${values.join('|')})` : values[0]);
      return text.replaceAll(`$${variable.name}`, value);
    }, expr);
  return [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ dashboard: dashboard.title, where: panel.title, expr: substitute(target.expr) }))),
    ...(dashboard.annotations?.list ?? []).filter((annotation) => annotation.expr).map((annotation) => ({ dashboard: dashboard.title, where: `annotation ${annotation.name}`, expr: substitute(annotation.expr as string) })),
  ];
}
