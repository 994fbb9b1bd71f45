import { afterEach, describe, expect, it } from 'vitest';
import type { OvhClient } from '../adapters/ovhcloud/ovh-client.js';
import { createOvhcloudProvider } from '../adapters/ovhcloud/ovhcloud.provider.js';
import { makeHarness, type Harness } from './support/harness.js';
import { startOvhBed, type OvhBed } from './support/ovhcloud-fake/bed.js';
import { MapEffects, ovhProviderOn } from './support/ovhcloud-provider.js';

let bed: OvhBed | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await bed?.close();
  await h?.close();
  bed = h = undefined;
});

async function start(provider = ovhProviderOn(() => bed!)) {
  h = await makeHarness({ provider });
  bed = await startOvhBed({ clock: h.clock });
  return { h, bed };
}

describe('OVHcloud failures become clear replies, and nothing is recorded as done', () => {
  it('GIVEN a key without the voucher rule WHEN alice activates a voucher THEN she is told which right is missing and to connect again', async () => {
    const clients = new Map<string, OvhClient>();
    const { h, bed } = await start(() => createOvhcloudProvider({
      effects: new MapEffects(),
      clientFor: async (ctx) => {
        if (!clients.has(ctx.account!.id)) clients.set(ctx.account!.id, bed.clientFor(ctx.account!.id, [{ method: 'GET', path: '/*' }]));
        return clients.get(ctx.account!.id);
      },
    }));
    const reply = await h.run('/voucher activate WELCOME-50 pc-demo');
    expect(reply.code).toBe('OVH.NOT_GRANTED');
    expect(JSON.stringify(reply)).toContain('POST /cloud/project/');
    expect(JSON.stringify(reply)).toContain('/account connect');
  });

  it('GIVEN the API answers 460 WHEN alice switches a service to automatic THEN she is told it expired', async () => {
    const { h, bed } = await start();
    bed.fake.failNext({ method: 'PUT' }, { status: 460, message: 'The service vps-demo-1 is expired' });
    const reply = await h.run('/renew auto vps-demo-1');
    expect(reply.code).toBe('OVH.SERVICE_EXPIRED');
    expect(JSON.stringify(reply)).toMatch(/expired/);
  });

  it('GIVEN the API is unreachable WHEN alice buys credit THEN she is told to try later, no order exists and nothing was recorded', async () => {
    const { h, bed } = await start();
    await h.text('/renew status'); // the client knows the server time
    await bed.fake.close();
    const reply = await h.run('/credit buy 100 pc-demo', { id: 'inv-down' });
    expect(reply.code).toBe('OVH.UNAVAILABLE');
    expect(JSON.stringify(reply)).toMatch(/try again later/i);
    const recorded = await h.uow.run(async (tx) => ({ commit: false, result: await tx.invocations.get('inv-down') }));
    expect(recorded).toBeUndefined();
    expect(bed.fake.state.orders).toHaveLength(0);
  });

  it('GIVEN a service name alice does not have WHEN she asks its renewal THEN it is not found', async () => {
    const { h } = await start();
    const reply = await h.run('/renew status ks-demo');
    expect(reply.tone).toBe('error');
    expect(JSON.stringify(reply)).not.toContain('dedicated');
  });
});
