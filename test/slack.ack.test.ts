import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StorageEngine } from '../adapters/store/engine.js';
import { SLACK_ACK_BUDGET_MS, SlashAck, type AckMessage } from '../adapters/slack/slack.ack.js';
import { SLACK_RUNNING_LIMIT } from '../adapters/slack/slack.adapter.js';
import { RecordingLogger } from './support/recording.js';
import { blockText, slashPastBudget, startSlackBed, type SlackBed } from './support/slack-bed.js';
import { ManualTimers } from './support/manual-timers.js';
import { StoreGate } from './support/store-gate.js';

let bed: SlackBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

/** An engine whose reads fail while `broken.on` (a store gone wrong in a way the core does not expect). */
const breakable = (broken: { on: boolean }) => (engine: StorageEngine): StorageEngine => ({
  read: (key, check) => (broken.on ? Promise.reject(new Error('disk on fire')) : engine.read(key, check)),
  readMany: (keys, check) => (broken.on ? Promise.reject(new Error('disk on fire')) : engine.readMany(keys, check)),
  range: (from, to, options) => engine.range(from, to, options),
  commit: (request) => engine.commit(request),
  close: () => engine.close(),
});

describe('Slack: the reply in the acknowledgement', () => {
  it('GIVEN --public on /account WHEN the reply is ready in time THEN the ack posts it in_channel without personal details, and those follow privately at the response_url', async () => {
    bed = await startSlackBed();
    await bed.link('U0ALICE', 'alice-ovh');
    const sent = await bed.slash('U0ALICE', '/account', '--public');
    const acked = JSON.parse(sent.body) as Record<string, unknown>;
    expect(acked.response_type).toBe('in_channel');
    expect(blockText(acked)).toContain('alice-ovh');
    expect(JSON.stringify(acked)).not.toMatch(/alice@example\.com|Visa/);
    const aside = await bed.response(sent.responseUrl, 2);
    expect(aside.via).toBe('response_url');
    expect(aside.body.response_type).toBe('ephemeral');
    expect(blockText(aside.body)).toContain('alice@example.com');
    expect(bed.fake.repliesTo(sent.responseUrl).map((r) => r.via)).toEqual(['ack', 'response_url']);
  });

  it('GIVEN a reply ready in time WHEN it is acknowledged THEN the budget timer is cancelled and the delivery is logged by ack at debug level', async () => {
    const budget = new ManualTimers();
    bed = await startSlackBed({ ackTimers: budget });
    const sent = await bed.slash('U0ALICE', '/guichet', 'help');
    expect(JSON.parse(sent.body)).toMatchObject({ response_type: 'ephemeral' });
    expect(budget.waiting).toEqual([]);
    const line = bed.h.logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'slack reply delivered');
    expect(line).toMatchObject({ level: 'debug', by: 'ack' });
  });

  it('GIVEN a store that fails WHEN a command arrives THEN the ack carries the error with its reference, the one in the log', async () => {
    const broken = { on: false };
    bed = await startSlackBed({ wrap: breakable(broken) });
    broken.on = true;
    const sent = await bed.slash('U0ALICE', '/account', '');
    broken.on = false;
    const ref = /ERR-[A-Z0-9]{8}/.exec(sent.body)?.[0];
    expect(ref, sent.body).toBeDefined();
    expect(JSON.parse(sent.body)).toMatchObject({ response_type: 'ephemeral' });
    expect(bed.h.logs.lines.some((l) => l.includes(ref!) && l.includes('unexpected error'))).toBe(true);
  });

  it('GIVEN a store that is slow then fails WHEN the budget runs out first THEN the ack is empty and the reference reaches the response_url', async () => {
    const gate = new StoreGate();
    const budget = new ManualTimers();
    const broken = { on: false };
    bed = await startSlackBed({ wrap: (e) => gate.wrap(breakable(broken)(e)), ackTimers: budget });
    const sent = await slashPastBudget(bed, gate, budget, 'U0ALICE', '/account', '');
    expect(sent.body).toBe('');
    broken.on = true;
    gate.release();
    const post = await bed.response(sent.responseUrl);
    broken.on = false;
    expect(post.via).toBe('response_url');
    expect(blockText(post.body) + String(post.body.text)).toMatch(/ERR-[A-Z0-9]{8}/);
  });

  it('GIVEN a command waiting for its store WHEN Slack delivers it again THEN the copy is acked empty at once and the first ack alone carries the reply', async () => {
    const gate = new StoreGate();
    bed = await startSlackBed({ wrap: gate.wrap, ackTimers: new ManualTimers() });
    gate.arm();
    const first = bed.slash('U0ALICE', '/guichet', 'help', { triggerId: 'trig-twice' });
    await gate.entered;
    const copy = await bed.slash('U0ALICE', '/guichet', 'help', { triggerId: 'trig-twice', retryNum: 1 });
    expect(copy).toMatchObject({ status: 200, body: '' });
    gate.release();
    const sent = await first;
    expect(blockText(JSON.parse(sent.body) as Record<string, unknown>)).toContain('*/account*');
    await bed.response((await bed.slash('U0ALICE', '/guichet', 'help account')).responseUrl);
    expect(bed.fake.repliesTo(copy.responseUrl)).toEqual([]);
    expect(bed.fake.responses.filter((r) => [sent.responseUrl, copy.responseUrl].some((u) => u.endsWith(r.id)))).toEqual([]);
  });

  it('GIVEN more commands than may run at once, held by a slow store WHEN the budget runs out THEN every one (those waiting their turn too) is acked empty, and each reply comes to its response_url', async () => {
    const gate = new StoreGate();
    const budget = new ManualTimers();
    bed = await startSlackBed({ wrap: gate.wrap, ackTimers: budget });
    gate.arm();
    const n = SLACK_RUNNING_LIMIT + 2;
    const sending = Array.from({ length: n }, (_, i) => bed!.slash(`U0USER${i}`, '/guichet', 'help'));
    await vi.waitFor(() => expect(budget.waiting).toHaveLength(n));
    expect(budget.fire()).toBe(n);
    const sent = await Promise.all(sending);
    expect(sent.map((s) => s.body)).toEqual(Array.from({ length: n }, () => ''));
    gate.release();
    const posts = await Promise.all(sent.map((s) => bed!.response(s.responseUrl)));
    expect(posts.map((p) => p.via)).toEqual(Array.from({ length: n }, () => 'response_url'));
  });
});

describe('SlashAck', () => {
  const message: AckMessage = { response_type: 'ephemeral', text: 'hi', blocks: [] };

  it('GIVEN a budget WHEN it runs out THEN the command is acked empty once, and the reply can no longer take the ack', async () => {
    const timers = new ManualTimers();
    const sent: unknown[] = [];
    const ack = new SlashAck(async (m) => { sent.push(m); }, timers, SLACK_ACK_BUDGET_MS, new RecordingLogger());
    expect(timers.waiting).toEqual([SLACK_ACK_BUDGET_MS]);
    timers.fire();
    await ack.empty();
    expect(ack.take()).toBeUndefined();
    expect(sent).toEqual([undefined]);
  });

  it('GIVEN a reply in time WHEN it takes the ack THEN it is sent with the message, the timer is cancelled and a later empty ack does nothing', async () => {
    const timers = new ManualTimers();
    const sent: unknown[] = [];
    const ack = new SlashAck(async (m) => { sent.push(m); }, timers, SLACK_ACK_BUDGET_MS, new RecordingLogger());
    await ack.take()!(message);
    expect(timers.waiting).toEqual([]);
    await ack.empty();
    expect(sent).toEqual([message]);
  });

  it('GIVEN a busy event loop (the budget spent by the clock, its timer not run yet) WHEN the reply takes the ack THEN it gets none and the ack goes empty at once', async () => {
    const timers = new ManualTimers();
    const sent: unknown[] = [];
    let now = 1_000;
    const ack = new SlashAck(async (m) => { sent.push(m); }, timers, SLACK_ACK_BUDGET_MS, new RecordingLogger(), () => now);
    now += SLACK_ACK_BUDGET_MS;
    expect(ack.take()).toBeUndefined();
    expect(sent).toEqual([undefined]);
    expect(timers.waiting).toEqual([]);
  });

  it('GIVEN an ack that fails WHEN the budget sends it empty THEN the failure is logged, not thrown', async () => {
    const logs = new RecordingLogger();
    const ack = new SlashAck(async () => { throw new Error('socket closed'); }, new ManualTimers(), SLACK_ACK_BUDGET_MS, logs);
    await expect(ack.empty()).resolves.toBeUndefined();
    expect(logs.lines.some((l) => l.includes('socket closed'))).toBe(true);
  });
});
