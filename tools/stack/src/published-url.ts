/**
 * A connection URL as the stack publishes it on its admin API: everything but the password. The
 * banner of `npm start` (the developer's own terminal) prints the full URL; an API that anything on
 * the machine can read must not.
 */
export function withoutPassword(connectionUrl: string): string {
  if (!connectionUrl) return connectionUrl;
  const url = new URL(connectionUrl);
  url.password = '';
  return url.toString();
}
