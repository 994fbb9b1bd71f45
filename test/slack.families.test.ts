import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_TEAM } from './support/slack-fake.js';
import { blockText, buttonsOf, CHANNEL, ROOT, startSlackBed, type SlackBed } from './support/slack-bed.js';

let bed: SlackBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

const read = <T>(b: SlackBed, f: (tx: Parameters<Parameters<SlackBed['h']['uow']['run']>[0]>[0]) => Promise<T>) =>
  b.h.uow.run(async (tx) => ({ commit: false, result: await f(tx) }));
const auditCount = (b: SlackBed, action: string) => read(b, async (tx) => (await tx.audit.latest(500)).filter((e) => e.action === action).length);

/** Every Web API post that went to a channel (C…), as opposed to a DM channel (D…). */
const channelPosts = (b: SlackBed) => b.fake.calls.filter((c) => /^C/.test(String(c.args.channel ?? '')));

describe('Slack: /credit buy → Pay button (app.action)', () => {
  it('GIVEN alice buys credit WHEN she clicks Pay twice THEN the order is paid once and the second click says Already done', async () => {
    bed = await startSlackBed();
    await bed.link('U0ALICE', 'alice-ovh');
    const bought = await bed.response((await bed.slash('U0ALICE', '/credit', 'buy 100 pc-demo')).responseUrl);
    const shown = blockText(bought.body);
    const orderId = /Purchase order (\S+) generated/.exec(shown)?.[1];
    expect(orderId, shown).toBeDefined();
    const [pay] = buttonsOf(bought.body);
    expect(pay?.text.text).toMatch(/^Pay /);
    expect(JSON.stringify(pay)).not.toContain('orders pay');

    const first = await bed.click('U0ALICE', pay!.value);
    expect(first.status).toBe(200);
    const paid = blockText((await bed.response(first.responseUrl)).body);
    expect(paid).not.toContain('Already done');
    expect(paid).toContain(orderId!);
    const second = await bed.click('U0ALICE', pay!.value);
    expect(blockText((await bed.response(second.responseUrl)).body)).toContain('Already done');

    expect(await auditCount(bed, 'order.pay')).toBe(1);
    const order = await read(bed, (tx) => tx.orders.get(orderId!));
    expect(order?.state).not.toBe('awaiting-payment');
    expect(order?.steps.filter((s) => s.state === 'payment-received')).toHaveLength(1);
  });
});

describe('Slack: /renew delete-now with its confirmation', () => {
  it('GIVEN alice asks to delete vps-demo-1 WHEN the reply comes THEN a Danger button with Slack’s confirm dialog is offered, the token goes by DM only, and the click deletes once', async () => {
    bed = await startSlackBed();
    await bed.link('U0ALICE', 'alice-ovh');
    const asked = await bed.slash('U0ALICE', '/renew', 'delete-now vps-demo-1');
    const offered = await bed.response(asked.responseUrl);
    expect(offered.body.response_type).toBe('ephemeral');
    const [button] = buttonsOf(offered.body);
    expect(button).toMatchObject({ style: 'danger', text: { text: 'Delete vps-demo-1 now' }, confirm: { style: 'danger', title: { text: 'Delete vps-demo-1?' } } });
    expect(button!.confirm!.text.text).toContain('cannot be undone');
    expect(button!.action_id).toMatch(/^[A-Z0-9]+$/);

    const dm = await bed.fake.until(() => bed!.fake.callsOf('chat.postMessage').find((c) => c.args.channel === 'DU0ALICE'));
    const token = /delete-now vps-demo-1 ([A-Z0-9]{10})/.exec(blockText(dm.args))?.[1];
    expect(token, blockText(dm.args)).toBeDefined();
    expect(JSON.stringify(offered.body)).not.toContain(token!);
    expect(JSON.stringify(button)).not.toContain(token!);
    expect(channelPosts(bed).filter((c) => JSON.stringify(c.args).includes(token!))).toEqual([]);
    expect(bed.h.logs.lines.filter((l) => l.includes(token!))).toEqual([]);

    const click = await bed.click('U0ALICE', button!.value);
    expect(blockText((await bed.response(click.responseUrl)).body)).toContain('vps-demo-1 has been deleted, permanently.');
    const again = await bed.click('U0ALICE', button!.value);
    expect(blockText((await bed.response(again.responseUrl)).body)).toContain('Already done');
    expect(await auditCount(bed, 'renew.delete-now')).toBe(1);
    expect((await read(bed, (tx) => tx.services.get('vps-demo-1')))?.state).toBe('deleted');
  });

  it('GIVEN a pending deletion WHEN alice types the DM’d token THEN the service is deleted; a wrong token changes nothing', async () => {
    bed = await startSlackBed();
    await bed.link('U0ALICE', 'alice-ovh');
    await bed.response((await bed.slash('U0ALICE', '/renew', 'delete-now vps-demo-1')).responseUrl);
    const dm = await bed.fake.until(() => bed!.fake.callsOf('chat.postMessage').find((c) => c.args.channel === 'DU0ALICE'));
    const token = /delete-now vps-demo-1 ([A-Z0-9]{10})/.exec(blockText(dm.args))![1]!;
    const wrong = await bed.slash('U0ALICE', '/renew', 'delete-now vps-demo-1 AAAAAAAAAA');
    expect(blockText((await bed.response(wrong.responseUrl)).body)).toContain('That token does not match');
    expect((await read(bed, (tx) => tx.services.get('vps-demo-1')))?.state).not.toBe('deleted');
    const typed = await bed.slash('U0ALICE', '/renew', `delete-now vps-demo-1 ${token} --public`);
    const done = await bed.response(typed.responseUrl);
    expect(blockText(done.body)).toContain('vps-demo-1 has been deleted, permanently.');
    expect(JSON.stringify(done.body)).not.toContain(token);
    expect((await read(bed, (tx) => tx.services.get('vps-demo-1')))?.state).toBe('deleted');
  });
});

describe('Slack: channel reminders through /guichet admin run-jobs', () => {
  const reminderId = async (b: SlackBed) => {
    const s = await read(b, (tx) => tx.services.get('vps-demo-1'));
    return `renewal:vps-demo-1:${s!.renewal!.expiresAt}:14`;
  };
  const reminderPosts = (b: SlackBed) => b.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === CHANNEL && blockText(c.args).includes('Renewal due: vps-demo-1'));

  it('GIVEN alice subscribed a channel WHEN an operator runs the jobs and Slack first answers 429 THEN the reminder is posted once after Retry-After, marked sent, and not repeated', async () => {
    bed = await startSlackBed();
    await bed.link('U0ALICE', 'alice-ovh');
    const sub = await bed.slash('U0ALICE', '/reminders', 'subscribe renewal');
    expect(blockText((await bed.response(sub.responseUrl)).body)).toContain(`slack:${FAKE_TEAM}/${CHANNEL} will get alice-ovh’s reminders: renewal`);

    bed.fake.script('chat.postMessage', { status: 429, headers: { 'retry-after': '3' }, body: { ok: false, error: 'ratelimited' } });
    const run = await bed.slash(ROOT, '/guichet', 'admin run-jobs');
    const report = blockText((await bed.response(run.responseUrl)).body);
    expect(report).toContain('Jobs run as of');
    expect(bed.sleeps).toEqual([3000]);
    const attempts = bed.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === CHANNEL);
    expect(attempts).toHaveLength(2);
    expect(reminderPosts(bed)).toHaveLength(2); // the 429'd attempt and the delivered one
    expect(await read(bed, async (tx) => (await tx.reminders.marks(await reminderId(bed!))).map((m) => m.target).sort())).toEqual(['mail:alice-ovh', `slack:${FAKE_TEAM}/${CHANNEL}`]);

    await bed.response((await bed.slash(ROOT, '/guichet', 'admin run-jobs')).responseUrl);
    expect(reminderPosts(bed)).toHaveLength(2);
  });

  it('GIVEN Slack refuses the channel post WHEN the jobs run THEN the reminder is not marked sent, and the next run delivers it', async () => {
    bed = await startSlackBed();
    await bed.link('U0ALICE', 'alice-ovh');
    await bed.response((await bed.slash('U0ALICE', '/reminders', 'subscribe renewal')).responseUrl);
    bed.fake.script('chat.postMessage', { status: 200, body: { ok: false, error: 'not_in_channel' } });
    const first = await bed.slash(ROOT, '/guichet', 'admin run-jobs');
    const report = blockText((await bed.response(first.responseUrl)).body);
    expect(report).toMatch(/Reminder renewal vps-demo-1 \(14 d\): not posted to slack:\S+ \(.*not_in_channel.*\); retried next run/);
    const channelMarks = async () => read(bed!, async (tx) => (await tx.reminders.marks(await reminderId(bed!))).filter((m) => m.target.startsWith('slack:')).length);
    expect(await channelMarks()).toBe(0);
    expect(bed.h.logs.lines.some((l) => l.includes('not_in_channel'))).toBe(true);

    const second = await bed.slash(ROOT, '/guichet', 'admin run-jobs');
    await bed.response(second.responseUrl);
    expect(reminderPosts(bed)).toHaveLength(2);
    expect(await channelMarks()).toBe(1);
    await bed.response((await bed.slash(ROOT, '/guichet', 'admin run-jobs')).responseUrl);
    expect(reminderPosts(bed)).toHaveLength(2);
  });
});

describe('Slack: contact change with tokens by DM', () => {
  it('GIVEN alice and dave on Slack WHEN alice moves the billing contact of pc-demo to dave THEN each gets a token by DM, nothing secret reaches a channel, and both acceptances apply it', async () => {
    bed = await startSlackBed();
    await bed.link('U0ALICE', 'alice-ovh');
    await bed.link('U0DAVE', 'dave-ovh');
    const asked = await bed.slash('U0ALICE', '/contacts', 'change pc-demo billing=dave-ovh --public');
    const shown = await bed.response(asked.responseUrl);
    const id = /CR-[A-Z0-9]{6}/.exec(blockText(shown.body))?.[0];
    expect(id, blockText(shown.body)).toBeDefined();

    await bed.fake.until(() => bed!.fake.callsOf('chat.postMessage').filter((c) => /^D/.test(String(c.args.channel))).length >= 2);
    const tokenIn = (dmChannel: string) => {
      const dm = bed!.fake.callsOf('chat.postMessage').find((c) => c.args.channel === dmChannel);
      return new RegExp(`/contacts accept ${id} ([A-Z0-9]{10})`).exec(blockText(dm?.args ?? {}))?.[1];
    };
    const alice = tokenIn('DU0ALICE');
    const dave = tokenIn('DU0DAVE');
    expect(alice).toBeDefined();
    expect(dave).toBeDefined();
    expect(alice).not.toBe(dave);
    expect(bed.fake.callsOf('conversations.open').map((c) => c.args.users).sort()).toEqual(['U0ALICE', 'U0DAVE']);

    const a = await bed.slash('U0ALICE', '/contacts', `accept ${id} ${alice} --public`);
    expect(blockText((await bed.response(a.responseUrl)).body)).toContain('Waiting for dave-ovh to accept');
    const d = await bed.slash('U0DAVE', '/contacts', `accept ${id} ${dave}`);
    expect(blockText((await bed.response(d.responseUrl)).body)).toContain('dave-ovh');
    const after = await bed.slash('U0ALICE', '/contacts', 'show pc-demo');
    expect(blockText((await bed.response(after.responseUrl)).body)).toContain('dave-ovh (FR)');

    const everythingPublic = [
      ...[...bed.fake.acks, ...bed.fake.responses].filter((r) => r.body.response_type === 'in_channel').map((r) => JSON.stringify(r.body)),
      ...channelPosts(bed).map((c) => JSON.stringify(c.args)),
    ].join('\n');
    for (const t of [alice!, dave!]) {
      expect(everythingPublic).not.toContain(t);
      expect(bed.h.logs.lines.filter((l) => l.includes(t))).toEqual([]);
    }
    // A reply to a command typed with a token stays private, even with --public.
    expect(bed.fake.repliesTo(a.responseUrl).map((r) => r.body.response_type)).toEqual(['ephemeral']);
  });
});
