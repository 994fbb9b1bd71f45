import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitRequest, RangeOptions, StorageEngine } from '../adapters/store/engine.js';
import { chatInput, opt } from './support/discord-interactions.js';
import { FAKE_APP_ID } from './support/fake-discord.js';
import { IDS, messageText, startDiscord, type DiscordSetup } from './support/discord-setup.js';
import { ManualTimers } from './support/manual-timers.js';
import { DISCORD_REPLY_BUDGET_MS } from '../adapters/discord/discord.reply.js';

/** A store whose reads wait while the gate is closed: a deliberately slow store, without timing. */
class GatedEngine implements StorageEngine {
  #gate: Promise<void> = Promise.resolve();
  #open: () => void = () => {};
  /** Reads started while closed. */
  waiting = 0;
  constructor(private readonly inner: StorageEngine) {}
  close(): Promise<void> { return this.inner.close(); }
  /** Holds every read until `open`. */
  shut(): void { this.#gate = new Promise((resolve) => { this.#open = resolve; }); }
  /** Lets held and future reads through. */
  open(): void { this.#open(); this.#gate = Promise.resolve(); }
  async read(key: string) { this.waiting++; await this.#gate; return this.inner.read(key); }
  async readMany(keys: readonly string[]) { this.waiting++; await this.#gate; return this.inner.readMany(keys); }
  async range(from: string, to: string, options: RangeOptions) { this.waiting++; await this.#gate; return this.inner.range(from, to, options); }
  commit(request: CommitRequest) { return this.inner.commit(request); }
}

let s: DiscordSetup;
let gated: GatedEngine;
const budget = new ManualTimers();
beforeAll(async () => {
  s = await startDiscord({ wrap: (e) => (gated = new GatedEngine(e)), replyTimers: budget });
});
afterAll(async () => { await s?.close(); });

describe('Discord adapter with a slow store', () => {
  it('GIVEN a store that does not answer within the reply budget WHEN a command arrives THEN the bot defers at the budget and edits the reply in when the store answers', async () => {
    gated.shut();
    const before = gated.waiting;
    const i = chatInput({ user: IDS.operator, guild: IDS.guild, channel: '700000000000000001' }, 'guichet admin link', [
      opt.str('chat-user', `discord:${IDS.guild}/${IDS.alice}`), opt.str('account', 'alice-ovh'),
    ]);
    s.fake.dispatch('INTERACTION_CREATE', i);
    // The core is blocked on the store: nothing is sent to Discord before the budget runs out.
    for (let n = 0; n < 100 && gated.waiting === before; n++) await new Promise((r) => setTimeout(r, 5));
    expect(gated.waiting).toBeGreaterThan(before);
    expect(budget.waiting).toEqual([DISCORD_REPLY_BUDGET_MS]);
    expect(s.fake.requests.some((r) => r.path.includes(i.id) || r.path.includes(i.token))).toBe(false);
    expect(budget.fire()).toBe(1);
    const deferral = await s.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${i.id}/`), 'deferral');
    expect(deferral.body).toEqual({ type: 5, data: { flags: 64 } });
    const edit = (r: { method: string; path: string }) => r.method === 'PATCH' && r.path === `/webhooks/${FAKE_APP_ID}/${i.token}/messages/@original`;
    expect(s.fake.requests.some(edit)).toBe(false);
    gated.open();
    const done = await s.fake.waitForRequest(edit, 'editReply');
    expect(messageText(done.body)).toBe(`Linked discord:${IDS.guild}/${IDS.alice} to alice-ovh.`);
    expect(s.fake.requests.filter((r) => r.path.startsWith(`/interactions/${i.id}/`))).toHaveLength(1);
  });
});
