import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ResponseUrlPoster } from '../adapters/slack/slack.response-url.js';

/** A response_url server on 127.0.0.1 that records bodies and connections and answers `status`. */
async function responseServer(status: () => number) {
  const bodies: unknown[] = [];
  let connections = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(raw));
      res.writeHead(status(), { 'content-type': 'application/json' }).end('{"ok":true,"padding":"' + 'x'.repeat(20_000) + '"}');
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, bodies, connections: () => connections, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/response/1` };
}

let open: { server: Server; poster: ResponseUrlPoster } | undefined;
afterEach(async () => {
  open?.poster.close();
  open?.server.closeAllConnections();
  await new Promise((r) => open?.server.close(r));
  open = undefined;
});

describe('ResponseUrlPoster', () => {
  it('GIVEN three replies posted one after the other WHEN each answer is read THEN they arrive in order over one kept-alive connection', async () => {
    const s = await responseServer(() => 200);
    const poster = new ResponseUrlPoster();
    open = { server: s.server, poster };
    for (const n of [1, 2, 3]) await poster.post(s.url, { text: `reply ${n}` });
    expect(s.bodies).toEqual([{ text: 'reply 1' }, { text: 'reply 2' }, { text: 'reply 3' }]);
    expect(s.connections()).toBe(1);
  });

  it('GIVEN a response_url that answers 404 WHEN a reply is posted THEN the post is refused with the status', async () => {
    const s = await responseServer(() => 404);
    const poster = new ResponseUrlPoster();
    open = { server: s.server, poster };
    await expect(poster.post(s.url, { text: 'late' })).rejects.toThrow(/404/);
  });
});
