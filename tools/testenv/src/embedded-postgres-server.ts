/**
 * Child-process entry that runs one embedded PGlite server (./embedded: development only, so no
 * service image carries it), so that the parent (the jest process, or with-db) does not hold
 * PGlite's memory.
 *
 * Protocol: argv `[--data-dir <dir>] [--port <n>]`; prints one JSON line `{"url","port"}` on stdout when
 * ready; stops cleanly on SIGTERM/SIGINT, and also when stdin closes, which is how it learns
 * that its parent died without saying goodbye. With `--init-only --data-dir <dir>` it creates the
 * database in an empty dir and exits.
 */
import { parseArgs } from 'node:util';
import { initialiseEmbeddedDataDir, startEmbeddedPostgres } from './embedded/start-embedded-postgres';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, port: { type: 'string', default: '0' }, 'init-only': { type: 'boolean', default: false } }, strict: true });
  const dataDir = values['data-dir'];
  if (values['init-only']) {
    if (dataDir === undefined) throw new Error('--init-only needs --data-dir');
    await initialiseEmbeddedDataDir(dataDir);
    process.exit(0);
  }
  const port = Number(values.port);
  const server = await startEmbeddedPostgres(dataDir === undefined ? { port } : { dataDir, port });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Embedded PostgreSQL did not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();

  process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port })}\n`);
}

main().catch((error: unknown) => {
  console.error('Embedded PostgreSQL failed to start:', error);
  process.exit(1);
});
