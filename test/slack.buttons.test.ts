import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildRegistry } from '../src/commands/index.js';
import { defineCommand, type CommandFamily } from '../src/core/command.js';
import { CommandRegistry } from '../src/core/registry.js';
import { reply, text } from '../src/core/reply.js';
import { blockText, buttonsOf, startSlackBed, type SlackBed } from './support/slack-bed.js';

let bed: SlackBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

/**
 * A test-only family shaped like `/credit buy` → pay and `/renew delete-now` → confirm: one command offers a
 * danger button with a confirmation, the button's command writes (an audit entry) once.
 */
const tallyFamily: CommandFamily = {
  name: 'tally',
  summary: { en: 'Test buttons', fr: 'Boutons de test' },
  commands: [
    defineCommand({
      name: 'offer',
      summary: { en: 'Offer a button', fr: 'Proposer un bouton' },
      args: z.object({}),
      access: 'linked',
      async run(ctx) {
        const button = ctx.offer({ label: { en: 'Delete now', fr: 'Supprimer' }, command: 'tally bump', style: 'danger', confirm: { title: { en: 'Delete now?', fr: 'Supprimer ?' }, text: { en: 'This cannot be undone.', fr: 'Irréversible.' } } });
        return reply([text('Ready.')], { actions: [button] });
      },
    }),
    defineCommand({
      name: 'bump',
      summary: { en: 'Count one', fr: 'Compter un' },
      args: z.object({}),
      access: 'linked',
      async run(ctx) {
        ctx.audit('tally.bump', ctx.account!.id);
        return reply([text(`Bumped ${ctx.account!.id}.`)], { tone: 'success' });
      },
    }),
  ],
};

const bumps = async (b: SlackBed) =>
  b.h.uow.run(async (tx) => ({ commit: false, result: (await tx.audit.latest(200)).filter((e) => e.action === 'tally.bump').length }));

describe('Slack buttons (app.action)', () => {
  const withTally = () => startSlackBed({ registry: new CommandRegistry([...buildRegistry().families, tallyFamily]) });

  it('GIVEN a command that offers a danger button WHEN its reply is posted THEN the button carries only an opaque id and Slack’s danger confirm dialog', async () => {
    bed = await withTally();
    await bed.link('U0ALICE', 'alice-ovh');
    const offered = await bed.response((await bed.slash('U0ALICE', '/tally', 'offer')).responseUrl);
    const [button] = buttonsOf(offered.body);
    expect(button).toBeDefined();
    expect(button!.action_id).toBe(button!.value);
    expect(JSON.stringify(button)).not.toContain('bump');
    expect(button).toMatchObject({ style: 'danger', text: { text: 'Delete now' }, confirm: { style: 'danger', title: { text: 'Delete now?' }, text: { text: 'This cannot be undone.' }, confirm: { text: 'Yes, go ahead' }, deny: { text: 'Cancel' } } });
  });

  it('GIVEN an offered button WHEN the same user clicks it twice THEN its command runs once and the second click says "Already done"', async () => {
    bed = await withTally();
    await bed.link('U0ALICE', 'alice-ovh');
    const offered = await bed.response((await bed.slash('U0ALICE', '/tally', 'offer')).responseUrl);
    const id = buttonsOf(offered.body)[0]!.value;
    const first = await bed.click('U0ALICE', id);
    const done = await bed.response(first.responseUrl);
    expect(done.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(blockText(done.body)).toContain('Bumped alice-ovh.');
    const second = await bed.click('U0ALICE', id);
    expect(blockText((await bed.response(second.responseUrl)).body)).toContain('Already done');
    expect(await bumps(bed)).toBe(1);
  });

  it('GIVEN alice-ovh’s button WHEN a user of another account clicks it THEN nothing runs and they are told whose it is', async () => {
    bed = await withTally();
    await bed.link('U0ALICE', 'alice-ovh');
    await bed.link('U0BOB', 'bob-ovh');
    const offered = await bed.response((await bed.slash('U0ALICE', '/tally', 'offer')).responseUrl);
    const clicked = await bed.click('U0BOB', buttonsOf(offered.body)[0]!.value);
    expect(blockText((await bed.response(clicked.responseUrl)).body)).toContain('This button is not yours');
    expect(await bumps(bed)).toBe(0);
  });

  it('GIVEN a button older than its lifetime or an unknown one WHEN clicked THEN a clear message comes back and nothing runs', async () => {
    bed = await withTally();
    await bed.link('U0ALICE', 'alice-ovh');
    const offered = await bed.response((await bed.slash('U0ALICE', '/tally', 'offer')).responseUrl);
    bed.h.clock.advance(31 * 60_000);
    const expired = await bed.click('U0ALICE', buttonsOf(offered.body)[0]!.value);
    expect(blockText((await bed.response(expired.responseUrl)).body)).toContain('This button has expired. Type /tally bump instead.');
    const unknown = await bed.click('U0ALICE', 'NOSUCHBUTTON');
    expect(blockText((await bed.response(unknown.responseUrl)).body)).toContain('This button is no longer valid.');
    expect(await bumps(bed)).toBe(0);
  });

  it('GIVEN a click with a bad signature WHEN it arrives THEN 401 and nothing runs', async () => {
    bed = await withTally();
    await bed.link('U0ALICE', 'alice-ovh');
    const offered = await bed.response((await bed.slash('U0ALICE', '/tally', 'offer')).responseUrl);
    const clicked = await bed.click('U0ALICE', buttonsOf(offered.body)[0]!.value, { secret: 'wrong' });
    expect(clicked.status).toBe(401);
    await bed.response((await bed.slash('U0ALICE', '/guichet', 'help')).responseUrl);
    expect(bed.fake.responses.filter((r) => clicked.responseUrl.endsWith(r.id))).toHaveLength(0);
    expect(await bumps(bed)).toBe(0);
  });

  it('GIVEN an existing family (/account) WHEN a stored button runs one of its commands THEN the reply comes back privately', async () => {
    bed = await startSlackBed();
    await bed.link('U0ALICE', 'alice-ovh');
    await bed.h.uow.run(async (tx) => {
      tx.actions.put({ id: 'ACTAUDIT000000000001', account: 'alice-ovh', command: 'account audit', text: 'Audit', expiresAt: new Date(bed!.h.clock.now().getTime() + 60_000).toISOString(), usedAt: null });
      return { commit: true, result: undefined };
    });
    const clicked = await bed.click('U0ALICE', 'ACTAUDIT000000000001');
    expect(blockText((await bed.response(clicked.responseUrl)).body)).toContain('Audit of alice-ovh');
  });
});
