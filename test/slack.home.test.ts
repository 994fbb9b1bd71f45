import { afterEach, describe, expect, it } from 'vitest';
import { homeView, HOME_DEBOUNCE_MS } from '../adapters/slack/slack.home.js';
import { slackWebClient } from '../adapters/slack/slack.notifier.js';
import { reply, text, type Action } from '../src/core/reply.js';
import { FakeSlack } from './support/slack-fake.js';
import { homeViewProblems } from './support/home-view-rules.js';
import { blockText, ROOT, startSlackBed, type SlackBed } from './support/slack-bed.js';
import { ManualTimers } from './support/manual-timers.js';

let bed: SlackBed | undefined;
let fake: FakeSlack | undefined;
afterEach(async () => {
  await bed?.close();
  await fake?.close();
  bed = undefined;
  fake = undefined;
});

const publishes = (b: SlackBed, user?: string) => b.fake.callsOf('views.publish').filter((c) => !user || c.args.user_id === user);
const viewOf = (call: { args: Record<string, unknown> }) => call.args.view as Record<string, unknown>;
const homeOpened = (user: string, tab = 'home') => ({ type: 'app_home_opened', user, channel: `D${user}`, tab, event_ts: `${Date.now() / 1000}` });

async function openedBed(): Promise<{ b: SlackBed; timers: ManualTimers }> {
  const timers = new ManualTimers();
  const b = await startSlackBed({ homeTimers: timers });
  await b.link('U0ALICE', 'alice-ovh');
  expect((await b.event(homeOpened('U0ALICE'))).status).toBe(200);
  await b.fake.until(() => publishes(b, 'U0ALICE').length === 1);
  return { b, timers };
}

describe('Slack App Home: the overview in the Home tab', () => {
  it('GIVEN a linked user WHEN Slack signals app_home_opened on the Home tab THEN Guichet publishes a valid Home view of their account’s overview, and nothing for the Messages tab', async () => {
    const { b } = await openedBed();
    bed = b;
    const view = viewOf(publishes(b, 'U0ALICE')[0]!);
    expect(view.type).toBe('home');
    expect(homeViewProblems(view)).toEqual([]);
    expect(blockText(view)).toMatch(/alice-ovh/);
    expect(blockText(view)).toMatch(/vps-demo-1/);
    expect(b.fake.refusedViews).toEqual([]);
    await b.event(homeOpened('U0ALICE', 'messages'));
    await b.event(homeOpened('U0ALICE'));
    await b.fake.until(() => publishes(b, 'U0ALICE').length === 2);
    expect(publishes(b)).toHaveLength(2);
  });

  it('GIVEN a Slack user linked to no account WHEN they open the Home THEN the view says how to get linked', async () => {
    bed = await startSlackBed({ homeTimers: new ManualTimers() });
    expect((await bed.event(homeOpened('U0NOBODY'), { secret: 'not-the-signing-secret' })).status).toBe(401);
    await bed.event(homeOpened('U0NOBODY'));
    const call = await bed.fake.until(() => publishes(bed!, 'U0NOBODY')[0]);
    expect(homeViewProblems(viewOf(call))).toEqual([]);
    expect(blockText(viewOf(call))).toMatch(/not linked/i);
    expect(blockText(viewOf(call))).toContain(`slack:T0TEAM/U0NOBODY`);
  });

  it('GIVEN a user who opened the Home WHEN they run two commands that change their account in a burst, and a read-only one THEN their Home is refreshed once, after the debounce', async () => {
    const { b, timers } = await openedBed();
    bed = b;
    await b.slash('U0ALICE', '/renew', 'manual example-demo.fr');
    await b.slash('U0ALICE', '/renew', 'auto example-demo.fr');
    await b.slash('U0ALICE', '/orders', '');
    expect(timers.waiting).toEqual([HOME_DEBOUNCE_MS]);
    expect(publishes(b, 'U0ALICE')).toHaveLength(1);
    expect(timers.fire()).toBe(1);
    await b.fake.until(() => publishes(b, 'U0ALICE').length === 2);
    expect(homeViewProblems(viewOf(publishes(b, 'U0ALICE')[1]!))).toEqual([]);
    // A read-only command alone schedules nothing.
    await b.slash('U0ALICE', '/reminders', 'list');
    expect(timers.waiting).toEqual([]);
  });

  it('GIVEN alice opened the Home and another user of her account did not WHEN an operator’s /guichet admin run-jobs deletes her expired service THEN only alice’s Home is refreshed, without the deleted service', async () => {
    const { b, timers } = await openedBed();
    bed = b;
    await b.link('U0ALICE2', 'alice-ovh');
    await b.link('U0BOB', 'bob-ovh');
    await b.event(homeOpened('U0BOB'));
    await b.fake.until(() => publishes(b, 'U0BOB').length === 1);
    b.h.clock.set(new Date(b.h.clock.now().getTime() + 11 * 86_400_000));
    const run = await b.slash(ROOT, '/guichet', 'admin run-jobs');
    expect(run.status).toBe(200);
    const answer = await b.response(run.responseUrl);
    expect(blockText(answer.body)).toMatch(/vps-demo-1/);
    // The run's report reaches the Home, which reads who opened it and schedules their refresh.
    while (timers.waiting.length < 2) await new Promise((r) => setImmediate(r));
    expect(timers.fire()).toBe(2);
    await b.fake.until(() => publishes(b, 'U0ALICE').length === 2 && publishes(b, 'U0BOB').length === 2);
    expect(publishes(b, 'U0ALICE2')).toEqual([]);
    const fresh = viewOf(publishes(b, 'U0ALICE')[1]!);
    expect(homeViewProblems(fresh)).toEqual([]);
    expect(blockText(fresh)).not.toMatch(/vps-demo-1/);
  });
});

describe('Home views within Block Kit limits', () => {
  const action = (i: number): Action => ({ id: `act-${i % 70}`, label: `Pay order number ${i} `.repeat(5), style: 'primary', typed: `orders pay ${i}` });

  it('GIVEN an overview of 300 items, 4,000-character texts and 80 buttons (some twice) WHEN it becomes a Home view THEN it has at most 100 blocks, an "…and N more" line, texts within limits and each button once', () => {
    const big = reply([...Array.from({ length: 300 }, (_, i) => text(`item ${i}`)), text('x'.repeat(4000))], { title: 'T'.repeat(400), actions: Array.from({ length: 80 }, (_, i) => action(i)) });
    const view = homeView(big);
    expect(homeViewProblems(view)).toEqual([]);
    expect(view.blocks.length).toBe(100);
    expect(blockText(view as unknown as Record<string, unknown>)).toMatch(/…and \d+ more: type \/account overview/);
    const shown = view.blocks.filter((blk) => blk.type === 'section').length;
    const more = Number(/…and (\d+) more/.exec(blockText(view as unknown as Record<string, unknown>))![1]);
    // Header + 300 items + the long text in two sections = 303 blocks of content, 97 of them shown beside the two rows of buttons.
    expect(shown + 1 + more).toBe(303);
  });

  it('GIVEN the fake Slack WHEN a Home view breaks a limit THEN views.publish is refused with what is wrong', async () => {
    fake = await FakeSlack.start();
    const client = slackWebClient('xoxb-test', fake.apiUrl);
    const section = { type: 'section', text: { type: 'mrkdwn', text: 'x' } };
    const bad = [
      { type: 'home', blocks: Array.from({ length: 101 }, () => section) },
      { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }] },
      { type: 'modal', blocks: [section] },
      { type: 'home', blocks: [{ type: 'table' }] },
      { type: 'home', blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'A' } }, { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'B' } }] }] },
    ];
    for (const view of bad) await expect(client.views.publish({ user_id: 'U1', view: view as never })).rejects.toThrow(/invalid_arguments/);
    expect(fake.refusedViews.map((r) => r.problems[0])).toEqual([
      '101 blocks (at most 100)', 'block 0 text: 3001 characters (at most 3000)', 'view type modal is not home', 'block 0: unknown block type table', 'block 0 button 1: action_id a used twice',
    ]);
    await expect(client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [section] } as never })).resolves.toMatchObject({ ok: true });
  });
});
