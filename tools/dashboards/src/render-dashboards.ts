import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { dashboardPage } from './dashboard-page';
import { type DashboardVariables, substituteVariables } from './dashboard-variables';
import { type PanelJson, queryPanel } from './panel-data';

const ROOT = path.resolve(__dirname, '../../..');
const DASHBOARDS_DIR = path.join(ROOT, 'k8s/observability/dashboards');

const USAGE = `Usage: npx tsx tools/dashboards/src/render-dashboards.ts --prometheus URL [options]

Renders every dashboard in k8s/observability/dashboards to a PNG: each panel's PromQL is run on
Prometheus' query_range API and drawn with uPlot in headless Chromium. A render of the dashboard
JSON, not Grafana (which these docs cannot ship): same queries and layout, simpler chrome.

Options:
  --prometheus URL   e.g. the one \`npm start -- --with-prometheus\` prints
  --minutes N        how much history to draw                       default 10
  --end TIME         end of that window (ISO 8601 or unix seconds)  default now
  --service NAME     value of the dashboards' $service variable     default delivery
  --out DIR          where observe-<dashboard uid>.png go           default docs/img
  --chromium PATH    default /usr/bin/chromium, env CHROMIUM_PATH`;

interface DashboardJson extends DashboardVariables {
  uid: string;
  title: string;
  panels: (PanelJson & { gridPos: { x: number; y: number; w: number; h: number } })[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      prometheus: { type: 'string' },
      minutes: { type: 'string', default: '10' },
      end: { type: 'string' },
      service: { type: 'string', default: 'delivery' },
      out: { type: 'string', default: path.join(ROOT, 'docs/img') },
      chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || !values.prometheus) {
    process.stdout.write(`${USAGE}\n`);
    if (!values.help) process.exitCode = 64;
    return;
  }
  const end = values.end === undefined ? Math.floor(Date.now() / 1000) : /^\d+$/.test(values.end) ? Number(values.end) : Math.floor(Date.parse(values.end) / 1000);
  if (!Number.isFinite(end)) throw new Error(`--end: expected ISO 8601 or unix seconds (got "${values.end}")`);
  const range = { start: end - Number(values.minutes) * 60, end, step: 5 };
  const browser = await chromium.launch({
    executablePath: values.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await mkdir(values.out as string, { recursive: true });
    for (const file of readdirSync(DASHBOARDS_DIR).filter((name) => name.endsWith('.json')).sort()) {
      const dashboard = JSON.parse(readFileSync(path.join(DASHBOARDS_DIR, file), 'utf8')) as DashboardJson;
      const substitute = (expr: string) => substituteVariables(dashboard, expr, { service: values.service as string });
      const panels = [];
      for (const panel of dashboard.panels) panels.push({ data: await queryPanel(values.prometheus, panel, substitute, range), grid: panel.gridPos });
      const html = dashboardPage({
        title: dashboard.title,
        subtitle: `Render of k8s/observability/dashboards/${file} (not Grafana) · ${values.minutes} min · service=${values.service} · ${new Date(end * 1000).toISOString()}`,
        panels,
        uplotJs: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
        uplotCss: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
      });
      await page.setContent(html);
      await page.waitForFunction('document.body.dataset.rendered === "yes"', undefined, { timeout: 15_000 }).catch(() => {
        throw new Error(`${file}: the page did not finish drawing${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''}`);
      });
      const target = path.join(values.out as string, `observe-${dashboard.uid.replace(/^courier-/, '')}.png`);
      await writeFile(target, await page.screenshot({ fullPage: true }));
      process.stdout.write(`${path.relative(ROOT, target)}  ${dashboard.title}: ${panels.length} panels, ${panels.reduce((n, p) => n + p.data.series.length, 0)} series\n`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`render-dashboards: ${error.message}\n`);
  process.exit(1);
});
