import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { FAKE_TEAM } from './support/slack-fake.js';
import { blockText, ROOT, startSlackBed, type SlackBed } from './support/slack-bed.js';

let bed: SlackBed | undefined;
let wss: WebSocketServer | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
  for (const c of wss?.clients ?? []) c.terminate();
  await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
  wss = undefined;
});

/** A local Socket Mode server: says hello to each connection and collects what the client sends. */
async function socketServer(): Promise<{ url: string; socket: Promise<WebSocket>; received: Record<string, unknown>[]; next: () => Promise<Record<string, unknown>> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss = server;
  await new Promise<void>((r) => server.once('listening', () => r()));
  const received: Record<string, unknown>[] = [];
  const waiters: ((m: Record<string, unknown>) => void)[] = [];
  const socket = new Promise<WebSocket>((resolve) => {
    server.on('connection', (ws) => {
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as Record<string, unknown>;
        received.push(message);
        waiters.shift()?.(message);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0APP' }, debug_info: { host: 'local' } }));
      resolve(ws);
    });
  });
  const { port } = server.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/link/?ticket=t1`, socket, received, next: () => new Promise((r) => waiters.push(r)) };
}

const slashPayload = (user: string, text: string, responseUrl: string, triggerId: string) => ({
  token: 'legacy', team_id: FAKE_TEAM, team_domain: 'fake', channel_id: 'C0GENERAL', channel_name: 'general', user_id: user,
  user_name: user.toLowerCase(), command: '/guichet', text, api_app_id: 'A0APP', is_enterprise_install: 'false',
  response_url: responseUrl, trigger_id: triggerId,
});

describe('Slack adapter in Socket Mode', () => {
  it('GIVEN SLACK_APP_TOKEN WHEN started THEN it opens the socket URL from apps.connections.open and serves slash commands acked by envelope_id with the reply as payload', async () => {
    const ws = await socketServer();
    bed = await startSlackBed({ appToken: 'xapp-test-token', beforeStart: (fake) => { fake.socketUrl = ws.url; } });
    expect(bed.fake.callsOf('apps.connections.open')[0]?.auth).toBe('Bearer xapp-test-token');
    expect(bed.adapter.server).toBeUndefined();
    await ws.socket;
    for (let i = 0; i < 100 && !bed.adapter.connected; i++) await new Promise((r) => setTimeout(r, 10));
    expect(bed.adapter.connected).toBe(true); // /readyz's Slack check
    const socket = await ws.socket;
    const responseUrl = bed.fake.newResponseUrl();
    const acked = ws.next();
    socket.send(JSON.stringify({ envelope_id: 'env-1', type: 'slash_commands', accepts_response_payload: true, payload: slashPayload('U0ALICE', 'help', responseUrl, 'trig-1') }));
    const ack = await acked;
    expect(ack.envelope_id).toBe('env-1');
    const reply = ack.payload as Record<string, unknown>;
    expect(reply.response_type).toBe('ephemeral');
    expect(blockText(reply)).toContain('*/account*');
    expect(bed.fake.responses).toHaveLength(0);
  });

  it('GIVEN Socket Mode WHEN the same envelope is redelivered THEN the change applies once and the copy says "Already done"', async () => {
    const ws = await socketServer();
    bed = await startSlackBed({ appToken: 'xapp-test-token', beforeStart: (fake) => { fake.socketUrl = ws.url; } });
    await bed.link('U0BOB', 'bob-ovh');
    const socket = await ws.socket;
    const responseUrl = bed.fake.newResponseUrl();
    const envelope = { envelope_id: 'env-2', type: 'slash_commands', accepts_response_payload: true, payload: { ...slashPayload(ROOT, `admin unlink slack:${FAKE_TEAM}/U0BOB`, responseUrl, 'trig-2'), command: '/guichet' } };
    const acked = ws.next();
    socket.send(JSON.stringify(envelope));
    expect(blockText((await acked).payload as Record<string, unknown>)).toContain('Unlinked');
    const again = ws.next();
    socket.send(JSON.stringify({ ...envelope, retry_attempt: 1, retry_reason: 'timeout' }));
    expect(blockText((await again).payload as Record<string, unknown>)).toContain('Already done');
    expect(bed.fake.responses).toHaveLength(0);
    const unlinks = await bed.h.uow.run(async (tx) => ({ commit: false, result: (await tx.audit.latest(50)).filter((e) => e.action === 'admin.unlink').length }));
    expect(unlinks).toBe(1);
  });

  it('GIVEN Socket Mode WHEN app_home_opened arrives in an events_api envelope THEN it is acked and the Home is published', async () => {
    const ws = await socketServer();
    bed = await startSlackBed({ appToken: 'xapp-test-token', beforeStart: (fake) => { fake.socketUrl = ws.url; } });
    await bed.link('U0ALICE', 'alice-ovh');
    const socket = await ws.socket;
    const acked = ws.next();
    socket.send(JSON.stringify({
      envelope_id: 'env-3', type: 'events_api', accepts_response_payload: false,
      payload: { token: 'legacy', team_id: FAKE_TEAM, api_app_id: 'A0APP', type: 'event_callback', event_id: 'Ev1', event_time: 1, event: { type: 'app_home_opened', user: 'U0ALICE', channel: 'DU0ALICE', tab: 'home', event_ts: '1.0' } },
    }));
    expect((await acked).envelope_id).toBe('env-3');
    const call = await bed.fake.until(() => bed!.fake.callsOf('views.publish')[0]);
    expect(call.args.user_id).toBe('U0ALICE');
    expect(blockText(call.args.view as Record<string, unknown>)).toMatch(/vps-demo-1/);
  });
});
