import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a server (PostgreSQL here) that can take it away for a while, as a network or a
 * server restart would: open connections are cut, new ones refused, then everything works again.
 */
export async function startCuttableProxy(target: { host: string; port: number }) {
  const open = new Set<Socket>();
  const serve = (client: Socket) => {
    const upstream = connect(target.port, target.host);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      open.add(from);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        open.delete(from);
        to.destroy();
      });
      from.pipe(to);
    }
  };
  let server: Server = createServer(serve).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));

  return {
    port,
    /** Cuts every open connection and refuses new ones for `ms`, then accepts them again. */
    async cut(ms: number): Promise<void> {
      const closed = close();
      for (const socket of open) socket.destroy();
      await closed;
      await new Promise((resolve) => setTimeout(resolve, ms));
      server = createServer(serve).listen(port, '127.0.0.1');
      await once(server, 'listening');
    },
    async close(): Promise<void> {
      for (const socket of open) socket.destroy();
      await close();
    },
  };
}
