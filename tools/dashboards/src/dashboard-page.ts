import type { PanelData } from './panel-data';

export interface DashboardPageInput {
  title: string;
  subtitle: string;
  /** Panels with their Grafana grid position (24 columns; one row unit = 36 px here). */
  panels: { data: PanelData; grid: { x: number; y: number; w: number; h: number } }[];
  uplotJs: string;
  uplotCss: string;
}

/**
 * A self-contained HTML page that lays the panels out on Grafana's 24-column grid and draws each
 * with uPlot (time series) or as big numbers (stat). It is a render of the dashboard JSON, not
 * Grafana: same queries, same layout, simpler chrome.
 */
export function dashboardPage(input: DashboardPageInput): string {
  const data = JSON.stringify(input.panels).replace(/</g, '\\u003c');
  return `<!doctype html><html><head><meta charset="utf-8"><style>${input.uplotCss}
body{margin:0;background:#111217;color:#ccccdc;font:13px/1.3 system-ui,sans-serif}
header{padding:14px 18px 4px}h1{font-size:20px;margin:0;color:#fff}header p{margin:4px 0 0;color:#8e8e9a}
#grid{position:relative;margin:8px}
.panel{position:absolute;background:#181b1f;border:1px solid #2c3235;border-radius:3px;box-sizing:border-box;padding:6px 8px;overflow:hidden}
.panel h2{font-size:13px;margin:0 0 4px;color:#d8d9da;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.stat{display:flex;flex-wrap:wrap;gap:6px;height:calc(100% - 24px)}
.stat div{flex:1;min-width:90px;border-radius:3px;display:flex;flex-direction:column;justify-content:center;align-items:center;color:#fff}
.stat b{font-size:26px}.empty{color:#8e8e9a;padding-top:30px;text-align:center}
.u-legend{font-size:11px}.u-legend th{font-weight:400}
</style><script>${input.uplotJs}</script></head><body>
<header><h1>${escapeHtml(input.title)}</h1><p>${escapeHtml(input.subtitle)}</p></header><div id="grid"></div>
<script>
(() => {
// Scoped: one page renders several dashboards in turn (setContent keeps the JS realm).
const panels = ${data};
const COL = (window.innerWidth - 16) / 24, ROW = 36;
const colours = ['#73bf69','#f2cc0c','#5794f2','#ff9830','#f2495c','#b877d9','#8ab8ff','#fade2a','#96d98d','#ffa6b0'];
const fmt = (unit, v) => v == null || !isFinite(v) ? '–' : unit === 'percentunit' ? (100*v).toFixed(1)+'%' : unit === 'percent' ? v.toFixed(1)+'%' : unit === 'ms' ? v.toFixed(v < 10 ? 1 : 0)+' ms' : unit === 's' ? (1000*v).toFixed(1)+' ms' : unit === 'reqps' ? v.toFixed(1)+' req/s' : (Math.round(v*100)/100).toString();
const grid = document.getElementById('grid');
let bottom = 0;
for (const { data, grid: g } of panels) {
  const el = document.createElement('div');
  el.className = 'panel';
  Object.assign(el.style, { left: g.x*COL+'px', top: g.y*ROW+'px', width: g.w*COL-6+'px', height: g.h*ROW-6+'px' });
  bottom = Math.max(bottom, (g.y+g.h)*ROW);
  el.innerHTML = '<h2></h2>';
  el.querySelector('h2').textContent = data.title;
  grid.appendChild(el);
  if (data.series.length === 0) { el.insertAdjacentHTML('beforeend', '<div class="empty">No data</div>'); continue; }
  if (data.type === 'stat') {
    const box = document.createElement('div'); box.className = 'stat'; el.appendChild(box);
    const limit = data.thresholds[0];
    data.series.forEach((s, i) => {
      const last = [...s.points].reverse().find(p => p[1] != null)?.[1];
      const bad = limit != null && last != null && (data.unit === 'ms' ? last > limit : last < limit);
      const d = document.createElement('div');
      d.style.background = limit == null ? colours[i % colours.length]+'55' : bad ? '#c4162a' : '#37872d';
      d.innerHTML = '<b></b><span></span>'; d.querySelector('b').textContent = fmt(data.unit, last); d.querySelector('span').textContent = s.label;
      box.appendChild(d);
    });
    continue;
  }
  const times = [...new Set(data.series.flatMap(s => s.points.map(p => p[0])))].sort((a,b) => a-b);
  const index = new Map(times.map((t,i) => [t,i]));
  const columns = [times, ...data.series.map(s => { const c = new Array(times.length).fill(null); for (const [t,v] of s.points) c[index.get(t)] = v; return c; })];
  const width = g.w*COL-24, height = g.h*ROW-70-Math.ceil(data.series.length/3)*14;
  new uPlot({
    width, height,
    cursor: { show: false }, legend: { show: true, live: false },
    axes: [{ stroke: '#8e8e9a', grid: { stroke: '#2c323533' } }, { stroke: '#8e8e9a', grid: { stroke: '#2c3235' }, size: 84, values: (u, vals) => vals.map(v => fmt(data.unit, v)) }],
    scales: { y: { range: (u, min, max) => { const lo = Math.min(min, ...data.thresholds); const hi = Math.max(max, ...data.thresholds); const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1; return [data.unit === 'percentunit' ? lo - pad : Math.max(0, lo - pad), hi + pad]; } } },
    series: [{}, ...data.series.map((s,i) => ({ label: s.label, stroke: colours[i % colours.length], width: 2, spanGaps: true, points: { show: false }, value: (u, v) => fmt(data.unit, v) }))],
    hooks: { draw: [u => { const ctx = u.ctx; ctx.save(); ctx.strokeStyle = '#f2495c'; ctx.setLineDash([6,4]); ctx.lineWidth = 1.5;
      for (const t of data.thresholds) { const y = u.valToPos(t, 'y', true); ctx.beginPath(); ctx.moveTo(u.bbox.left, y); ctx.lineTo(u.bbox.left+u.bbox.width, y); ctx.stroke(); }
      ctx.restore(); }] },
  }, columns, el);
}
grid.style.height = bottom+'px';
document.body.dataset.rendered = 'yes';
})();
</script></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}
