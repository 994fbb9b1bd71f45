import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../src/ports/clock.js';
import { createOvhClient, type OvhApiError } from '../adapters/ovhcloud/ovh-client.js';
import { manualTimers, startOvhBed, type OvhBed } from './support/ovhcloud-fake/bed.js';

let bed: OvhBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

const VOUCHER_OP = '/cloud/project/{serviceName}/credit';
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as OvhApiError);

/** The most requests in any 60-second window of sorted instants. */
function busiestMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j]! <= sorted[i]! - 60_000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('OVHcloud client: throttle (per consumer key, injected clock)', () => {
  it('GIVEN a fake that answers 429 past 60 requests a minute WHEN 130 calls are made one after another THEN none is refused and they span over two minutes', async () => {
    bed = await startOvhBed({ limitPerMinute: 60 });
    const client = bed.clientFor('alice-ovh');
    const start = bed.clock.now().getTime();
    for (let i = 0; i < 130; i++) await client.account.debt();
    expect(bed.fake.count('GET', '/me/debtAccount', 429)).toBe(0);
    expect(bed.fake.count('GET', '/me/debtAccount', 200)).toBe(130);
    expect(bed.clock.now().getTime() - start).toBeGreaterThanOrEqual(((130 - 10) / 50) * 60_000 - 1_000);
  });

  it('GIVEN the throttle turned far up WHEN the same 130 calls are made THEN the fake refuses some with 429 (so the test above can fail)', async () => {
    bed = await startOvhBed({ limitPerMinute: 60, client: { throttle: { perMinute: 100_000, burst: 10_000 }, retry: { maxRetries: 0 } } });
    const client = bed.clientFor('alice-ovh');
    const outcomes = [];
    for (let i = 0; i < 70; i++) outcomes.push(await client.account.debt().then(() => 'ok', (e: OvhApiError) => e.kind));
    expect(outcomes).toContain('RATE_LIMITED');
  });

  it('GIVEN 130 concurrent calls WHEN the client sends them THEN no minute holds more than 60 requests of that consumer key', async () => {
    bed = await startOvhBed();
    const sentAt: number[] = [];
    const spy: typeof fetch = (input, init) => {
      if (new Headers(init?.headers).has('x-ovh-consumer')) sentAt.push(bed!.clock.now().getTime());
      return fetch(input, init);
    };
    const client = bed.clientFor('alice-ovh', undefined, { fetch: spy });
    await Promise.all(Array.from({ length: 130 }, () => client.account.debt()));
    expect(sentAt).toHaveLength(130);
    expect(busiestMinute(sentAt)).toBeLessThanOrEqual(60);
    expect(busiestMinute(sentAt)).toBeGreaterThanOrEqual(55);
  });
});

describe('OVHcloud client: backoff and retries', () => {
  it('GIVEN two 429 answers WHEN a GET is made THEN it is retried after 375 then 750 ms (equal jitter, random 0.5) and succeeds', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    for (let i = 0; i < 2; i++) bed.fake.failNext({ method: 'GET', operation: '/me' }, { status: 429 });
    expect((await client.account.me()).nichandle).toBe('alice-ovh');
    expect(bed.sleeps).toEqual([375, 750]);
    expect(bed.fake.count('GET', '/me')).toBe(3);
  });

  it('GIVEN a 429 with Retry-After: 7 WHEN retried THEN the client waits at least 7 s', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    bed.fake.failNext({ operation: '/me' }, { status: 429, headers: { 'Retry-After': '7' } });
    await client.account.me();
    expect(bed.sleeps).toEqual([7_000]);
  });

  it('GIVEN a 429 on a POST WHEN retried THEN the voucher is activated exactly once (the API refused before acting)', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    bed.fake.failNext({ method: 'POST', operation: VOUCHER_OP }, { status: 429 });
    await client.credit.activateVoucher('pc-demo', 'WELCOME-50');
    expect(bed.fake.count('POST', VOUCHER_OP)).toBe(2);
    expect(await client.credit.credits('pc-demo')).toHaveLength(1);
  });

  it('GIVEN a GET answered 503 every time WHEN called THEN 1 + 3 attempts are made and SERVER_ERROR carries the last QueryID', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    for (let i = 0; i < 4; i++) bed.fake.failNext({ operation: '/me' }, { status: 503 });
    const error = await failure(client.account.me());
    expect(error).toMatchObject({ kind: 'SERVER_ERROR', httpStatus: 503, effect: 'unknown', queryId: bed.fake.requests.at(-1)!.queryId });
    expect(bed.fake.count('GET', '/me')).toBe(4);
    expect(bed.sleeps).toHaveLength(3);
  });

  it('GIVEN a POST answered 503 after the API acted WHEN it fails THEN it is NOT re-sent: one request, effect unknown, the credit exists once', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    bed.fake.failNext({ method: 'POST', operation: VOUCHER_OP }, { status: 503, afterHandling: true });
    const error = await failure(client.credit.activateVoucher('pc-demo', 'WELCOME-50'));
    expect(error).toMatchObject({ kind: 'SERVER_ERROR', effect: 'unknown' });
    expect(bed.fake.count('POST', VOUCHER_OP)).toBe(1);
    expect(await client.credit.credits('pc-demo')).toHaveLength(1);
  });

  it('GIVEN the connection cut after the API acted on a POST WHEN it fails THEN UNREACHABLE with effect unknown and no second request', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    bed.fake.dropNext({ method: 'POST', operation: VOUCHER_OP }, { afterHandling: true });
    const error = await failure(client.credit.activateVoucher('pc-demo', 'WELCOME-50'));
    expect(error).toMatchObject({ kind: 'UNREACHABLE', effect: 'unknown' });
    expect(bed.fake.count('POST', VOUCHER_OP)).toBe(1);
    expect(bed.fake.state.vouchers.get('WELCOME-50')!.usedBy).toBe('pc-demo');
  });

  it('GIVEN the connection cut on a GET WHEN it fails THEN the GET is retried and succeeds', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    bed.fake.dropNext({ operation: '/me' });
    expect((await client.account.me()).nichandle).toBe('alice-ovh');
    expect(bed.fake.count('GET', '/me')).toBe(2);
  });

  it('GIVEN a POST that times out while the API holds it WHEN it fails THEN UNREACHABLE, not re-sent; the API acts once when it goes on', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    const hold = bed.fake.holdNext({ method: 'POST', operation: VOUCHER_OP });
    const pending = failure(client.credit.activateVoucher('pc-demo', 'WELCOME-50'));
    await hold.reached;
    bed.abortAll();
    const error = await pending;
    expect(error).toMatchObject({ kind: 'UNREACHABLE', effect: 'unknown' });
    expect(error.message).toMatch(/no answer/);
    hold.release();
    await vi.waitFor(() => expect(bed!.fake.count('POST', VOUCHER_OP)).toBe(1));
    expect(bed.fake.state.vouchers.get('WELCOME-50')!.usedBy).toBe('pc-demo');
  });

  it('GIVEN a GET that times out WHEN it fails THEN it is retried and succeeds', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    const hold = bed.fake.holdNext({ operation: '/me' });
    const pending = client.account.me();
    await hold.reached;
    bed.abortAll();
    expect((await pending).nichandle).toBe('alice-ovh');
    hold.release();
  });

  it('GIVEN the connection refused twice on a POST WHEN sent THEN it is retried (nothing left this machine) and the voucher is activated once', async () => {
    bed = await startOvhBed();
    let refusals = 2;
    const spy: typeof fetch = (input, init) => {
      if (init?.method === 'POST' && refusals-- > 0) return Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
      return fetch(input, init);
    };
    const client = bed.clientFor('alice-ovh', undefined, { fetch: spy });
    await client.credit.activateVoucher('pc-demo', 'WELCOME-50');
    expect(bed.fake.count('POST', VOUCHER_OP)).toBe(1);
    expect(bed.sleeps).toHaveLength(2);
  });

  it('GIVEN nothing listening on the port WHEN the client calls THEN UNREACHABLE (ECONNREFUSED, effect none) after 1 + 3 attempts', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r));
    let attempts = 0;
    const spy: typeof fetch = (input, init) => {
      attempts++;
      return fetch(input, init);
    };
    const clock = new ManualClock('2026-03-02T09:00:00Z');
    const client = createOvhClient({ endpoint: `https://127.0.0.1:${port}/1.0`, applicationKey: 'k', applicationSecret: 's', clock, timers: manualTimers(clock).timers, fetch: spy });
    const error = await failure(client.auth.time());
    expect(error).toMatchObject({ kind: 'UNREACHABLE', effect: 'none' });
    expect(error.message).toContain('ECONNREFUSED');
    expect(attempts).toBe(4);
  });
});
