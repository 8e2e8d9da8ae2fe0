/** The shared test server: set by with-db or CI, or by the jest global setup. */
export function testDatabaseUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url) {
    throw new Error('DATABASE_URL is not set; the jest global setup should have started a database');
  }
  return url;
}

/** The same server and credentials, reached through another host:port (e.g. a forwarder). */
export function databaseUrlVia(port: number, host = '127.0.0.1'): string {
  const url = new URL(testDatabaseUrl());
  url.hostname = host;
  url.port = String(port);
  return url.toString();
}

export function testDatabasePort(): number {
  const { port } = new URL(testDatabaseUrl());
  return port === '' ? 5432 : Number(port);
}
