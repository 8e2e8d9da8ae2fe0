/** A `##vso[area.action key=value;…]message` line a step printed (only those the executor acts on are parsed). */
export interface LoggingCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/** The logging commands in a step's output, in order. The agent reads them at the start of a line. */
export function loggingCommands(output: string): LoggingCommand[] {
  const found: LoggingCommand[] = [];
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s*##vso\[([\w.]+)([^\]]*)\](.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of match[2].split(';')) {
      const [key, ...rest] = pair.trim().split('=');
      if (key) properties[key.toLowerCase()] = rest.join('=');
    }
    found.push({ command: match[1].toLowerCase(), properties, message: match[3] });
  }
  return found;
}
