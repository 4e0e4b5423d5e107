// Tiny HTTP servers on 127.0.0.1 standing in for what can sit between the Lambda and the resource
// API: a proxy or WAF answering on its own, a broken upstream, or one that never answers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakePeer {
  url: string;
  requests: number;
  close(): Promise<void>;
}

export async function fakePeer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<FakePeer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    peer.requests++;
    req.resume();
    handler(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const peer: FakePeer = {
    url: `http://127.0.0.1:${port}`,
    requests: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return peer;
}

/** Answers every request with this status, headers and body. */
export function answering(status: number, headers: Record<string, string>, body: string) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

/** Accepts the request and never answers. */
export const hanging = () => undefined;
