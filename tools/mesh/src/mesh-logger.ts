/** Where the mesh reports what it does; JSON lines by default, as the services log. */
export interface MeshLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** One JSON object per line with `level`, `time` and `msg`, which the local stack pretty-prints. */
export function jsonLinesLogger(write: (line: string) => void = (line) => process.stdout.write(line)): MeshLogger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    write(`${JSON.stringify({ level, time: new Date().toISOString(), service: 'mesh', msg: message, ...fields })}\n`);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: MeshLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
