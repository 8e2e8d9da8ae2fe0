/** Counts per service and endpoint, for the summary table the suite prints. */
interface Row {
  service: string;
  endpoint: string;
  cases: number;
  success: number;
  clientError: number;
  violations: number;
  slowestMs: number;
}

export class FuzzTally {
  private readonly rows = new Map<string, Row>();

  record(service: string, endpoint: string, status: number, violated: boolean, elapsedMs: number): void {
    const key = `${service} ${endpoint}`;
    const row = this.rows.get(key) ?? { service, endpoint, cases: 0, success: 0, clientError: 0, violations: 0, slowestMs: 0 };
    row.cases++;
    if (status >= 200 && status < 300) row.success++;
    if (status >= 400 && status < 500) row.clientError++;
    if (violated) row.violations++;
    row.slowestMs = Math.max(row.slowestMs, elapsedMs);
    this.rows.set(key, row);
  }

  get totalCases(): number {
    return [...this.rows.values()].reduce((sum, row) => sum + row.cases, 0);
  }

  table(): string {
    const rows = [...this.rows.values()];
    const total = rows.reduce(
      (sum, row) => ({ ...sum, cases: sum.cases + row.cases, success: sum.success + row.success, clientError: sum.clientError + row.clientError, violations: sum.violations + row.violations, slowestMs: Math.max(sum.slowestMs, row.slowestMs) }),
      { service: 'all', endpoint: '', cases: 0, success: 0, clientError: 0, violations: 0, slowestMs: 0 },
    );
    const header = ['service', 'endpoint', 'cases', '2xx', '4xx', 'violations', 'slowest ms'];
    const cells = [...rows, total].map((row) => [row.service, row.endpoint, row.cases, row.success, row.clientError, row.violations, Math.round(row.slowestMs)].map(String));
    const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column].length)));
    const line = (cell: string[]) => cell.map((text, column) => (column >= 2 ? text.padStart(widths[column]) : text.padEnd(widths[column]))).join('  ');
    return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
  }
}
