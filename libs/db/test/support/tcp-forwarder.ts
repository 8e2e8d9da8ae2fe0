import net from 'node:net';

/**
 * A TCP forwarder in front of the test database. Stopping it looks to clients exactly like
 * the database server going away: open connections are reset and new ones are refused. It
 * lets the tests take "the database" down without stopping the one shared server.
 */
export interface TcpForwarder {
  port: number;
  /**
   * 'close' ends open connections with a FIN, like a server process that exits; 'reset'
   * aborts them with an RST, like a crashed host or a dropped network path.
   */
  stop(how?: 'close' | 'reset'): Promise<void>;
}

export async function startTcpForwarder(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpForwarder> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer((downstream) => {
    const upstream = net.connect(targetPort, targetHost);
    track(downstream);
    track(upstream);
    downstream.pipe(upstream);
    upstream.pipe(downstream);
    downstream.on('close', () => upstream.destroy());
    upstream.on('close', () => downstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    async stop(how = 'reset') {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) {
        if (how === 'reset') socket.resetAndDestroy();
        else socket.destroy();
      }
      await closed;
    },
  };
}
