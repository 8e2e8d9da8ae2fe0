/** Terminal colours per level; the service name column is coloured per service. */
const LEVEL_COLOURS: Record<string, string> = { fatal: '\x1b[41m', error: '\x1b[31m', warn: '\x1b[33m', info: '\x1b[36m', debug: '\x1b[90m', trace: '\x1b[90m' };
const RESET = '\x1b[0m';
const HIDDEN_FIELDS = new Set(['level', 'time', 'msg', 'service', 'version', 'track', 'pid', 'hostname', 'trace_id', 'span_id', 'request_id', 'context']);

/**
 * Turns a service's JSON log line into one readable terminal line, its label padded to
 * `labelWidth` so every process's lines line up. Non-JSON output (a crash trace, say) passes
 * through unchanged so nothing is hidden.
 */
export function formatLogLine(label: string, colour: string, line: string, useColour: boolean, labelWidth = 12): string {
  const paint = (code: string, text: string) => (useColour ? `${code}${text}${RESET}` : text);
  const prefix = paint(colour, label.padEnd(labelWidth));
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return `${prefix} ${line}`;
  }
  if (typeof entry !== 'object' || entry === null) return `${prefix} ${line}`;
  const level = String(entry.level ?? 'info');
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
  const extras = Object.entries(entry)
    .filter(([key]) => !HIDDEN_FIELDS.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' ');
  return `${prefix} ${time} ${paint(LEVEL_COLOURS[level] ?? '', level.padEnd(5))} ${String(entry.msg ?? '')}${extras ? ` ${extras}` : ''}`;
}
