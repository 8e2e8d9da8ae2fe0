/** One line of a panel: its legend and its points (unix seconds, value or null for a gap). */
export interface Series {
  label: string;
  points: [number, number | null][];
}

export interface PanelData {
  title: string;
  type: 'timeseries' | 'stat';
  unit: string;
  /** Threshold lines drawn across the chart (the analysis limits), from the panel's steps. */
  thresholds: number[];
  series: Series[];
}

interface Target {
  expr: string;
  legendFormat?: string;
}
export interface PanelJson {
  title: string;
  type: string;
  targets?: Target[];
  fieldConfig?: { defaults?: { unit?: string; thresholds?: { steps?: { value: number | null }[] } } };
}

interface RangeResult {
  metric: Record<string, string>;
  values: [number, string][];
}

/** Grafana's `{{label}}` legend templating. */
export function legendOf(format: string | undefined, metric: Record<string, string>): string {
  if (!format) return JSON.stringify(metric);
  return format.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_match, name: string) => metric[name] ?? '');
}

/**
 * Runs a panel's queries over a time range on Prometheus' HTTP API, as Grafana's Prometheus data
 * source does (query_range with the dashboard's variables already substituted).
 */
export async function queryPanel(prometheusUrl: string, panel: PanelJson, substitute: (expr: string) => string, range: { start: number; end: number; step: number }): Promise<PanelData> {
  const series: Series[] = [];
  for (const target of panel.targets ?? []) {
    const params = new URLSearchParams({ query: substitute(target.expr), start: String(range.start), end: String(range.end), step: String(range.step) });
    const response = await fetch(`${prometheusUrl}/api/v1/query_range?${params}`);
    const body = (await response.json()) as { status: string; error?: string; data?: { result: RangeResult[] } };
    if (body.status !== 'success') throw new Error(`${panel.title}: Prometheus rejected ${target.expr}: ${body.error}`);
    for (const result of body.data?.result ?? []) {
      series.push({ label: legendOf(target.legendFormat, result.metric), points: result.values.map(([time, value]) => [time, Number.isFinite(Number(value)) ? Number(value) : null]) });
    }
  }
  const steps = panel.fieldConfig?.defaults?.thresholds?.steps ?? [];
  return {
    title: panel.title,
    type: panel.type === 'stat' ? 'stat' : 'timeseries',
    unit: panel.fieldConfig?.defaults?.unit ?? 'short',
    thresholds: steps.map((step) => step.value).filter((value): value is number => typeof value === 'number'),
    series: series.sort((a, b) => a.label.localeCompare(b.label)),
  };
}
