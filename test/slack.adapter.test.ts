import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_TEAM } from './support/slack-fake.js';
import { blockText, CHANNEL, ROOT, slashPastBudget, startSlackBed, type SlackBed } from './support/slack-bed.js';
import { ManualTimers } from './support/manual-timers.js';
import { StoreGate } from './support/store-gate.js';

let bed: SlackBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

const auditCount = async (b: SlackBed, action: string) =>
  b.h.uow.run(async (tx) => ({ commit: false, result: (await tx.audit.latest(200)).filter((e) => e.action === action).length }));

describe('Slack adapter over HTTP (real Bolt app, fake Web API)', () => {
  it('GIVEN the adapter WHEN a signed /guichet help arrives THEN the help table comes privately in the acknowledgement and nothing is posted to the response_url', async () => {
    bed = await startSlackBed();
    const sent = await bed.slash('U0ALICE', '/guichet', 'help');
    expect(sent.status).toBe(200);
    const post = JSON.parse(sent.body) as Record<string, unknown>;
    expect(post.response_type).toBe('ephemeral');
    expect(post).not.toHaveProperty('replace_original');
    // A later command's reply came (to its own URL): this one's URL got nothing.
    await bed.response((await bed.slash('U0ALICE', '/guichet', 'help account')).responseUrl);
    expect(bed.fake.responses.filter((r) => sent.responseUrl.endsWith(r.id))).toHaveLength(0);
    expect(bed.fake.repliesTo(sent.responseUrl).map((r) => r.via)).toEqual(['ack']);
    const shown = blockText(post);
    expect(shown).toContain('*/account*');
    expect(shown).toContain('*/guichet*');
    expect((post.blocks as { type: string }[])[0]).toMatchObject({ type: 'header', text: { text: 'Guichet — commands' } });
  });

  it('GIVEN the adapter WHEN /guichet help account arrives THEN each /account subcommand is listed with its usage', async () => {
    bed = await startSlackBed();
    const sent = await bed.slash('U0ALICE', '/guichet', 'help account');
    const shown = blockText((await bed.response(sent.responseUrl)).body);
    for (const usage of ['`/account`', '`/account emails [N]`', '`/account audit`', '`/account close`']) expect(shown).toContain(usage);
  });

  it('GIVEN a slash command with no registered family WHEN it arrives THEN it is acked and answered with the closest command, once', async () => {
    bed = await startSlackBed();
    const typo = await bed.slash('U0ALICE', '/acount', '');
    expect(typo.status).toBe(200);
    expect(blockText((await bed.response(typo.responseUrl)).body)).toContain('/acount is not a Guichet command. Did you mean /account?');
    const known = await bed.slash('U0ALICE', '/guichet', 'help');
    await bed.response(known.responseUrl);
    await bed.response((await bed.slash('U0ALICE', '/guichet', 'help')).responseUrl);
    expect(bed.fake.repliesTo(known.responseUrl)).toHaveLength(1);
  });

  it('GIVEN an unlinked Slack user WHEN they type /account THEN they are told to get linked, privately', async () => {
    bed = await startSlackBed();
    const sent = await bed.slash('U0NOBODY', '/account', '');
    const post = await bed.response(sent.responseUrl);
    expect(post.body.response_type).toBe('ephemeral');
    expect(blockText(post.body)).toContain(`slack:${FAKE_TEAM}/U0NOBODY`);
  });

  it('GIVEN an operator WHEN they link a Slack user to alice-ovh THEN that user sees alice-ovh’s profile as fields', async () => {
    bed = await startSlackBed();
    const linked = await bed.slash(ROOT, '/guichet', `admin link slack:${FAKE_TEAM}/U0ALICE alice-ovh`);
    expect(blockText((await bed.response(linked.responseUrl)).body)).toContain(`Linked slack:${FAKE_TEAM}/U0ALICE to alice-ovh`);
    const profile = await bed.slash('U0ALICE', '/account', '');
    const post = await bed.response(profile.responseUrl);
    const fields = (post.body.blocks as { fields?: { text: string }[] }[]).flatMap((b) => b.fields ?? []).map((f) => f.text);
    expect(fields).toContain('*Customer ID*\nalice-ovh');
    expect(fields).toContain('*Linked chat users*\n2');
  });

  it('GIVEN a non-operator WHEN they try /guichet admin link THEN it is refused and no link is made', async () => {
    bed = await startSlackBed();
    const sent = await bed.slash('U0MALLORY', '/guichet', `admin link slack:${FAKE_TEAM}/U0MALLORY alice-ovh`);
    expect(blockText((await bed.response(sent.responseUrl)).body)).toContain('Only Guichet operators');
    const link = await bed.h.uow.run(async (tx) => ({ commit: false, result: await tx.links.get(`slack:${FAKE_TEAM}/U0MALLORY`) }));
    expect(link).toBeUndefined();
  });

  it('GIVEN --public WHEN a command runs THEN the reply goes in_channel', async () => {
    bed = await startSlackBed();
    const sent = await bed.slash('U0ALICE', '/guichet', 'help --public');
    expect((await bed.response(sent.responseUrl)).body.response_type).toBe('in_channel');
  });

  it('GIVEN --public on /account WHEN it runs THEN the channel gets the profile without e-mails or payment methods, and those follow privately', async () => {
    bed = await startSlackBed();
    await bed.link('U0ALICE', 'alice-ovh');
    const sent = await bed.slash('U0ALICE', '/account', '--public');
    const shown = await bed.response(sent.responseUrl);
    expect(shown.body.response_type).toBe('in_channel');
    expect(blockText(shown.body)).toContain('alice-ovh');
    expect(blockText(shown.body)).not.toMatch(/alice@example\.com|Visa/);
    const aside = await bed.response(sent.responseUrl, 2);
    expect(aside.body.response_type).toBe('ephemeral');
    expect(blockText(aside.body)).toContain('alice@example.com');
    expect(blockText(aside.body)).toContain('Visa •••• 4242');
  });

  it('GIVEN a bad signature WHEN a command arrives THEN 401 and nothing changes', async () => {
    bed = await startSlackBed();
    await bed.link('U0BOB', 'bob-ovh');
    const sent = await bed.slash(ROOT, '/guichet', `admin unlink slack:${FAKE_TEAM}/U0BOB`, { secret: 'not-the-secret' });
    expect(sent.status).toBe(401);
    await assertNothingHappened(bed, sent.responseUrl);
  });

  it('GIVEN a timestamp older than 5 minutes WHEN a correctly signed command arrives THEN 401 and nothing changes', async () => {
    bed = await startSlackBed();
    await bed.link('U0BOB', 'bob-ovh');
    const sent = await bed.slash(ROOT, '/guichet', `admin unlink slack:${FAKE_TEAM}/U0BOB`, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(sent.status).toBe(401);
    await assertNothingHappened(bed, sent.responseUrl);
  });

  it('GIVEN the same trigger_id delivered again with x-slack-retry-num WHEN both are handled THEN the change applies once and the retry says so', async () => {
    bed = await startSlackBed();
    await bed.link('U0BOB', 'bob-ovh');
    const first = await bed.slash(ROOT, '/guichet', `admin unlink slack:${FAKE_TEAM}/U0BOB`);
    expect(blockText((await bed.response(first.responseUrl)).body)).toContain('Unlinked');
    const retry = await bed.slash(ROOT, '/guichet', `admin unlink slack:${FAKE_TEAM}/U0BOB`, {
      triggerId: first.triggerId, retryNum: 1, responseUrl: first.responseUrl,
    });
    expect(retry.status).toBe(200);
    const again = blockText((await bed.response(first.responseUrl, 2)).body);
    expect(again).toContain('Already done');
    expect(again).toContain('Unlinked');
    expect(await auditCount(bed, 'admin.unlink')).toBe(1);
  });

  it('GIVEN a user re-typing the same command within two minutes WHEN it arrives with a new trigger_id THEN it is taken as a repeat and applied once', async () => {
    let t = Date.now();
    bed = await startSlackBed({ ticker: () => t });
    await bed.link('U0BOB', 'bob-ovh');
    await bed.link('U0CAROL', 'carol-ovh');
    await bed.response((await bed.slash(ROOT, '/guichet', `admin unlink slack:${FAKE_TEAM}/U0BOB`)).responseUrl);
    t += 90_000;
    const repeat = await bed.slash(ROOT, '/guichet', `admin  unlink slack:${FAKE_TEAM}/U0BOB`);
    const again = blockText((await bed.response(repeat.responseUrl)).body);
    expect(again).toContain('Already done');
    expect(again).toContain('Unlinked');
    expect(await auditCount(bed, 'admin.unlink')).toBe(1);
    const other = await bed.slash(ROOT, '/guichet', `admin unlink slack:${FAKE_TEAM}/U0CAROL`);
    expect(blockText((await bed.response(other.responseUrl)).body)).toContain('Unlinked slack:');
  });

  it('GIVEN the same text after the repeat window WHEN it arrives THEN it is a new command (refused: nothing left to unlink)', async () => {
    let t = Date.now();
    bed = await startSlackBed({ ticker: () => t });
    await bed.link('U0BOB', 'bob-ovh');
    await bed.response((await bed.slash(ROOT, '/guichet', `admin unlink slack:${FAKE_TEAM}/U0BOB`)).responseUrl);
    t += 121_000;
    const second = await bed.slash(ROOT, '/guichet', `admin unlink slack:${FAKE_TEAM}/U0BOB`);
    expect(blockText((await bed.response(second.responseUrl)).body)).toContain('is not linked to any account');
  });

  it('GIVEN a reply past the ack budget and the response_url answers 404 WHEN the result is ready THEN it is sent with chat.postEphemeral to the user in the channel', async () => {
    const gate = new StoreGate();
    const budget = new ManualTimers();
    bed = await startSlackBed({ wrap: gate.wrap, ackTimers: budget });
    bed.fake.script('response', { status: 404, body: { ok: false, error: 'expired_url' } });
    expect((await slashPastBudget(bed, gate, budget, 'U0ALICE', '/guichet', 'help')).body).toBe('');
    gate.release();
    const call = await bed.fake.until(() => bed!.fake.callsOf('chat.postEphemeral')[0]);
    expect(call.args).toMatchObject({ channel: CHANNEL, user: 'U0ALICE' });
    expect(blockText(call.args)).toContain('*/account*');
  });
});

async function assertNothingHappened(b: SlackBed, responseUrl: string): Promise<void> {
  // A command that *was* accepted answers (in its ack or at its response_url); run a later accepted one and check ordering.
  const probe = await b.slash('U0ALICE', '/guichet', 'help');
  await b.response(probe.responseUrl);
  expect(b.fake.repliesTo(responseUrl)).toHaveLength(0);
  const link = await b.h.uow.run(async (tx) => ({ commit: false, result: await tx.links.get(`slack:${FAKE_TEAM}/U0BOB`) }));
  expect(link?.account).toBe('bob-ovh');
  expect(await auditCount(b, 'admin.unlink')).toBe(0);
}
