import path from 'node:path';
import { parseArgs } from 'node:util';

export interface StackOptions {
  /** Repository root: services run from `<root>/services/<name>/dist`. */
  root: string;
  dataDir: string;
  ports: { web: number; users: number; delivery: number; database: number };
  /** An existing PostgreSQL to use instead of the embedded one. */
  databaseUrl?: string;
  /** Skip the `nx build` step (CI and tests build first). */
  skipBuild: boolean;
}

const USAGE = `Usage: npm start -- [options]

Starts the embedded PostgreSQL and the users, delivery and web services.

Options:
  --web-port N        web (the UI and BFF)          default 3000, env WEB_PORT
  --users-port N      users service                 default 3001, env USERS_PORT
  --delivery-port N   delivery service              default 3002, env DELIVERY_PORT
  --db-port N         embedded PostgreSQL           default 5433, env COURIER_DB_PORT
  --data-dir DIR      where the embedded DB keeps its data   default .data
  --skip-build        use the existing builds as they are
  -h, --help          show this help

Set DATABASE_URL to use your own PostgreSQL instead of the embedded one.`;

export function parseStackOptions(argv: string[], env: NodeJS.ProcessEnv, root: string): StackOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      'web-port': { type: 'string' },
      'users-port': { type: 'string' },
      'delivery-port': { type: 'string' },
      'db-port': { type: 'string' },
      'data-dir': { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  return {
    root,
    dataDir: path.resolve(root, values['data-dir'] ?? '.data'),
    ports: {
      web: port('--web-port / WEB_PORT', values['web-port'] ?? env.WEB_PORT, 3000),
      users: port('--users-port / USERS_PORT', values['users-port'] ?? env.USERS_PORT, 3001),
      delivery: port('--delivery-port / DELIVERY_PORT', values['delivery-port'] ?? env.DELIVERY_PORT, 3002),
      database: port('--db-port / COURIER_DB_PORT', values['db-port'] ?? env.COURIER_DB_PORT, 5433),
    },
    databaseUrl: env.DATABASE_URL || undefined,
    skipBuild: values['skip-build'] ?? false,
  };
}

export const STACK_USAGE = USAGE;

function port(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a TCP port between 1 and 65535 (got "${raw}"). Fix: pass a free port, e.g. ${name.split(' ')[0]} ${fallback}`);
  }
  return value;
}
