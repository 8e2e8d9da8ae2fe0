import net from 'node:net';

/**
 * Asks the OS for a free TCP port on 127.0.0.1. Another process could take it before our
 * server binds it; on a test machine that race is rare, and the server then fails loudly.
 */
export async function findFreePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
