'use strict';
// Plain-text tables, right-aligned numbers, readable in a terminal and pasteable into markdown.

function printTable(title, header, rows) {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? format(cell) : String(cell))));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
  const line = (row) => `| ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  process.stdout.write(`\n${title}\n${line(header)}\n| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |\n${cells.map(line).join('\n')}\n`);
}

function format(value) {
  if (!Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US').replace(/,/g, ' ');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

module.exports = { printTable };
