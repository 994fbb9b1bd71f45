import { afterEach, describe, expect, it } from 'vitest';
import { OVERVIEW_HEADINGS } from '../src/commands/account.overview.view.js';
import { blockText, buttonsOf, startSlackBed, type SlackBed } from './support/slack-bed.js';
import { FAKE_TEAM } from './support/slack-fake.js';

let bed: SlackBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

describe('Slack: /account overview through Bolt against the fake Slack', () => {
  it('GIVEN alice on the showcase WHEN she types /account overview THEN an ephemeral Block Kit reply shows the five sections within Slack’s limits, and its Pay button pays', async () => {
    bed = await startSlackBed({ demo: 'showcase' });
    await bed.link('U0ALICE', 'alice-ovh');
    const answer = await bed.response((await bed.slash('U0ALICE', '/account', 'overview')).responseUrl);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral' });
    const blocks = answer.body.blocks as { type: string; text?: { text: string } }[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    const shown = blockText(answer.body);
    for (const heading of Object.values(OVERVIEW_HEADINGS)) expect(shown).toContain(`*${heading.en}*`);
    expect(shown).toMatch(/hosting-demo[\s\S]*vps-demo-1/);
    expect(shown).toContain('CR-DEM2KS');
    const buttons = buttonsOf(answer.body);
    expect(buttons.map((b) => b.text.text)).toEqual(expect.arrayContaining(['Undo cancel: hosting-demo', 'Renew vps-demo-1 now']));
    const pay = buttons.find((b) => b.text.text.startsWith('Pay ORD-'))!;
    const clicked = await bed.click('U0ALICE', pay.value);
    expect(blockText((await bed.response(clicked.responseUrl)).body)).toMatch(/Order ORD-[A-Z0-9]+ paid: €60\.00/);
  });

  it('GIVEN a Slack user linked to no account WHEN the core is asked for the overview (Home tab) THEN it says how to get linked', async () => {
    bed = await startSlackBed();
    const r = await bed.core.overviewFor({ platform: 'slack', workspace: FAKE_TEAM, user: 'U0NOBODY' });
    expect(r.code).toBe('ACCESS.NOT_LINKED');
    expect(r.sections.map((s) => (s.kind === 'text' ? s.text : '')).join('\n')).toContain(`/guichet admin link slack:${FAKE_TEAM}/U0NOBODY`);
  });
});
