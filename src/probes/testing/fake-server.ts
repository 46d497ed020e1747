/**
 * Tiny loopback servers for the probe tests: each behaves badly in one way (silent,
 * garbage, another protocol, endless output) so that the retrievers can be shown to end
 * within their timeout with a recorded error.
 */
import net from 'node:net';

export interface FakeServer {
  port: number;
  /** Bytes the server managed to write in total. */
  written(): number;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1:0 that hands every connection to `onConnection`. */
export function fakeServer(onConnection: (socket: net.Socket, count: (n: number) => void) => void): Promise<FakeServer> {
  const sockets = new Set<net.Socket>();
  let written = 0;
  const srv = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket, (n) => (written += n));
  });
  return new Promise((resolve) => {
    srv.listen(0, '127.0.0.1', () => {
      resolve({
        port: (srv.address() as net.AddressInfo).port,
        written: () => written,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            srv.close(() => done());
          }),
      });
    });
  });
}

/** Writes `total` bytes made by `chunk` as fast as the peer reads them, stopping when it goes. */
export function stream(socket: net.Socket, chunk: Buffer, total: number, count: (n: number) => void): void {
  let sent = 0;
  const pump = () => {
    while (sent < total && !socket.destroyed) {
      sent += chunk.length;
      count(chunk.length);
      if (!socket.write(chunk)) return void socket.once('drain', pump);
    }
    if (sent >= total) socket.end();
  };
  pump();
}

/** A port on 127.0.0.1 where nothing listens (bound, then closed). */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
