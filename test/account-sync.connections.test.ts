import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedOfConnections, type ConnectionReads } from '../adapters/ovhcloud/feed-connections.js';
import { createOvhcloudFeed } from '../adapters/ovhcloud/ovhcloud.feed.js';
import { AccountFeedError } from '../src/ports/account-feed.js';
import type { SecretBox, StoredConnection } from '../src/ports/connections.js';
import { startOvhBed, type OvhBed } from './support/ovhcloud-fake/bed.js';

/** AES-256-GCM with a random key: what `GUICHET_SECRET_KEY` does, in a few lines (another key cannot open it). */
function box(): SecretBox {
  const key = randomBytes(32);
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return [iv, data, c.getAuthTag()].map((b) => b.toString('base64url')).join('.');
    },
    open(sealed) {
      const [iv, data, tag] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
      const d = createDecipheriv('aes-256-gcm', key, iv!);
      d.setAuthTag(tag!);
      return Buffer.concat([d.update(data!), d.final()]).toString('utf8');
    },
  };
}

/** Connections served one per page, to go through the paging. */
function reads(all: StoredConnection[]): ConnectionReads {
  return {
    get: async (account) => all.find((c) => c.account === account),
    list: async (after) => {
      const rest = all.filter((c) => after === undefined || c.account > after).sort((a, b) => a.account.localeCompare(b.account));
      return { items: rest.slice(0, 1), ...(rest.length > 1 ? { next: rest[0]!.account } : {}) };
    },
  };
}

let bed: OvhBed;
beforeEach(async () => {
  bed = await startOvhBed();
});
afterEach(async () => {
  await bed.close();
});

describe('Feed of the stored connections', () => {
  it('GIVEN validated, pending and foreign-sealed connections WHEN the feed reads them THEN it syncs the validated ones as their own account and refuses the others as not connected', async () => {
    const mine = box();
    const other = box();
    const conn = (account: string, sealedKey: string, state: 'pending' | 'validated' = 'validated'): StoredConnection =>
      ({ account, endpoint: bed.fake.url, sealedKey, state, createdAt: bed.clock.now().toISOString(), chatUser: `console:local/${account}` });
    const stored = [
      conn('alice-ovh', mine.seal(bed.fake.issueConsumerKey('alice-ovh'))),
      conn('bob-ovh', mine.seal(bed.fake.issueConsumerKey('bob-ovh')), 'pending'),
      conn('carol-ovh', other.seal(bed.fake.issueConsumerKey('carol-ovh'))),
      conn('dave-ovh', mine.seal(bed.fake.issueConsumerKey('dave-ovh'))),
    ];
    const deps = feedOfConnections({ read: (f) => f(reads(stored)), box: mine, clientAt: () => bed.anonymous });
    expect(await deps.connectedAccounts()).toEqual(['alice-ovh', 'carol-ovh', 'dave-ovh']);
    expect((await (await deps.clientFor('alice-ovh'))!.account.me()).nichandle).toBe('alice-ovh');
    expect(await deps.clientFor('bob-ovh')).toBeUndefined();
    const feed = createOvhcloudFeed(deps);
    const request = { now: bed.clock.now(), ordersSince: bed.clock.now().toISOString(), knownOrders: new Map(), pendingChanges: [] };
    const snapshot = await feed.snapshot({ ...request, account: 'alice-ovh' });
    expect(snapshot.services.map((s) => s.id).sort()).toEqual(['example-demo.fr', 'hosting-demo', 'pc-demo', 'vps-demo-1']);
    const refused = await feed.snapshot({ ...request, account: 'carol-ovh' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AccountFeedError);
    expect(refused).toMatchObject({ failure: 'not-connected' });
  });
});
