import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SlackAdapter } from '../adapters/slack/slack.adapter.js';
import { RESPONSE_URL_MAX_AGE_MS, RESPONSE_URL_MAX_USES, ResponseUrlBudget } from '../adapters/slack/slack.delivery.js';
import { FAKE_TEAM } from './support/slack-fake.js';
import { blockText, CHANNEL, ROOT, SIGNING_SECRET, slashPastBudget, startSlackBed, type SlackBed } from './support/slack-bed.js';
import { StoreGate } from './support/store-gate.js';
import { ManualTimers } from './support/manual-timers.js';
import { SLACK_ACK_BUDGET_MS } from '../adapters/slack/slack.ack.js';

let bed: SlackBed | undefined;
const extra: SlackAdapter[] = [];
afterEach(async () => {
  for (const a of extra.splice(0)) await a.stop();
  await bed?.close();
  bed = undefined;
});

const auditCount = async (b: SlackBed, action: string) =>
  b.h.uow.run(async (tx) => ({ commit: false, result: (await tx.audit.latest(200)).filter((e) => e.action === action).length }));

describe('Slack adapter: acknowledgement, duplicates and response_url limits', () => {
  it('GIVEN a store that has not answered within the ack budget WHEN a command arrives THEN it is acked empty at the budget and the result arrives at the response_url afterwards', async () => {
    const gate = new StoreGate();
    const budget = new ManualTimers();
    bed = await startSlackBed({ wrap: gate.wrap, ackTimers: budget });
    gate.arm();
    let answered = false;
    const sending = bed.slash('U0ALICE', '/guichet', 'help').then((r) => { answered = true; return r; });
    await gate.entered;
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false); // within the budget, the ack waits for the reply
    expect(budget.waiting).toEqual([SLACK_ACK_BUDGET_MS]);
    budget.fire();
    const sent = await sending;
    gate.events.push('ack');
    expect(sent.status).toBe(200);
    expect(sent.body).toBe('');
    expect(gate.events).not.toContain('store-done');
    expect(bed.fake.responses).toHaveLength(0);
    gate.release();
    const post = await bed.response(sent.responseUrl);
    expect(post.via).toBe('response_url');
    expect(blockText(post.body)).toContain('*/account*');
    expect(gate.events.indexOf('ack')).toBeLessThan(gate.events.indexOf('store-done'));
    expect(bed.fake.repliesTo(sent.responseUrl)).toHaveLength(1);
  });

  it('GIVEN a slow store WHEN Slack retries the same trigger before the first finishes THEN both are acked and the change applies once', async () => {
    const gate = new StoreGate();
    const budget = new ManualTimers();
    bed = await startSlackBed({ wrap: gate.wrap, ackTimers: budget });
    await bed.link('U0BOB', 'bob-ovh');
    const first = await slashPastBudget(bed, gate, budget, ROOT, '/guichet', `admin unlink slack:${FAKE_TEAM}/U0BOB`);
    const retry = await bed.slash(ROOT, '/guichet', `admin unlink slack:${FAKE_TEAM}/U0BOB`, { triggerId: first.triggerId, retryNum: 1, responseUrl: first.responseUrl });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect([first.body, retry.body]).toEqual(['', '']);
    gate.release();
    expect(blockText((await bed.response(first.responseUrl)).body)).toContain('Unlinked');
    await bed.response((await bed.slash('U0ALICE', '/guichet', 'help')).responseUrl);
    expect(await auditCount(bed, 'admin.unlink')).toBe(1);
    expect(bed.fake.repliesTo(first.responseUrl)).toHaveLength(1);
  });

  // One core and one store behind two Slack HTTP receivers (not two processes, which share nothing in memory).
  it('GIVEN one core behind two Slack receivers WHEN the same trigger reaches both at once THEN it applies once and the other says "Already done"', async () => {
    const gate = new StoreGate();
    const budgets = [new ManualTimers(), new ManualTimers()];
    bed = await startSlackBed({ wrap: gate.wrap, ackTimers: budgets[0] });
    const second = await SlackAdapter.start({ core: bed.core, logger: bed.h.logs, botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiUrl: bed.fake.apiUrl, port: 0, ackTimers: budgets[1] });
    extra.push(second);
    await bed.link('U0BOB', 'bob-ovh');
    gate.arm();
    const a = bed.slash(ROOT, '/guichet', `admin unlink slack:${FAKE_TEAM}/U0BOB`, { triggerId: 'trig-both' });
    const b = bed.slash(ROOT, '/guichet', `admin unlink slack:${FAKE_TEAM}/U0BOB`, {
      triggerId: 'trig-both', retryNum: 1, port: (second.server!.address() as AddressInfo).port,
    });
    // Both have arrived (each started its ack budget) before the store answers either.
    await vi.waitFor(() => expect(budgets.map((t) => t.waiting.length)).toEqual([1, 1]));
    gate.release();
    const sent = await Promise.all([a, b]);
    const texts = [blockText((await bed.response(sent[0].responseUrl)).body), blockText((await bed.response(sent[1].responseUrl)).body)];
    expect(texts.filter((t) => t.includes('Already done'))).toHaveLength(1);
    expect(texts.every((t) => t.includes('Unlinked'))).toBe(true);
    expect(await auditCount(bed, 'admin.unlink')).toBe(1);
  });

  it('GIVEN a command under way WHEN the adapter is stopped THEN stop waits until its reply is delivered', async () => {
    const gate = new StoreGate();
    const budget = new ManualTimers();
    bed = await startSlackBed({ wrap: gate.wrap, ackTimers: budget });
    const sent = await slashPastBudget(bed, gate, budget, 'U0ALICE', '/guichet', 'help');
    let stopped = false;
    const stopping = bed.adapter.stop().then(() => { stopped = true; });
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    gate.release();
    await stopping;
    expect(bed.fake.responses.filter((r) => sent.responseUrl.endsWith(r.id))).toHaveLength(1);
  });

  it('GIVEN the result is ready more than 30 minutes after the command WHEN it is delivered THEN it goes by chat.postEphemeral, not the expired response_url', async () => {
    const gate = new StoreGate();
    const budget = new ManualTimers();
    let wall = 1_000_000;
    bed = await startSlackBed({ wrap: gate.wrap, now: () => wall, ackTimers: budget });
    const sent = await slashPastBudget(bed, gate, budget, 'U0ALICE', '/guichet', 'help');
    wall += RESPONSE_URL_MAX_AGE_MS + 60_000;
    gate.release();
    const call = await bed.fake.until(() => bed!.fake.callsOf('chat.postEphemeral')[0]);
    expect(call.args).toMatchObject({ channel: CHANNEL, user: 'U0ALICE' });
    expect(call.auth).toBe('Bearer xoxb-test-token');
    expect(bed.fake.responses.filter((r) => sent.responseUrl.endsWith(r.id))).toHaveLength(0);
  });

  it('GIVEN a public reply after the response_url expired WHEN delivered THEN it is posted to the channel with chat.postMessage', async () => {
    const gate = new StoreGate();
    const budget = new ManualTimers();
    let wall = 1_000_000;
    bed = await startSlackBed({ wrap: gate.wrap, now: () => wall, ackTimers: budget });
    await slashPastBudget(bed, gate, budget, 'U0ALICE', '/guichet', 'help --public');
    wall += RESPONSE_URL_MAX_AGE_MS;
    gate.release();
    const call = await bed.fake.until(() => bed!.fake.callsOf('chat.postMessage')[0]);
    expect(call.args).toMatchObject({ channel: CHANNEL });
  });

  it('GIVEN a reply past the ack budget and the ephemeral fallback fails too WHEN delivering THEN the user gets a direct message', async () => {
    const gate = new StoreGate();
    const budget = new ManualTimers();
    bed = await startSlackBed({ wrap: gate.wrap, ackTimers: budget });
    bed.fake.script('response', { status: 410 });
    bed.fake.script('chat.postEphemeral', { status: 200, body: { ok: false, error: 'channel_not_found' } });
    await slashPastBudget(bed, gate, budget, 'U0ALICE', '/guichet', 'help', { channel: 'C0PRIVATE' });
    gate.release();
    const dm = await bed.fake.until(() => bed!.fake.callsOf('chat.postMessage')[0]);
    expect(bed.fake.callsOf('conversations.open')[0]?.args.users).toBe('U0ALICE');
    expect(dm.args.channel).toBe('DU0ALICE');
  });
});

describe('ResponseUrlBudget', () => {
  it('GIVEN a response_url WHEN it was used 5 times THEN the 6th use is refused', () => {
    const budget = new ResponseUrlBudget(() => 0);
    budget.track('u');
    const uses = Array.from({ length: RESPONSE_URL_MAX_USES + 1 }, () => budget.take('u'));
    expect(uses).toEqual([true, true, true, true, true, false]);
  });

  it('GIVEN a response_url WHEN 30 minutes have passed THEN it is refused, and an unknown one is refused', () => {
    let now = 0;
    const budget = new ResponseUrlBudget(() => now);
    budget.track('u');
    now = RESPONSE_URL_MAX_AGE_MS - 1;
    expect(budget.take('u')).toBe(true);
    now = RESPONSE_URL_MAX_AGE_MS;
    expect(budget.take('u')).toBe(false);
    expect(budget.take('never-seen')).toBe(false);
  });

  it('GIVEN a budget of 3 URLs WHEN a 4th arrives THEN the oldest is forgotten (refused) and the others are kept', () => {
    const budget = new ResponseUrlBudget(() => 0, 3);
    for (const u of ['a', 'b', 'c', 'd']) budget.track(u);
    expect(['a', 'b', 'c', 'd'].map((u) => budget.take(u))).toEqual([false, true, true, true]);
  });
});
