import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderButton, renderReply, unescapeSlackText } from '../adapters/slack/slack.render.js';
import { fields, reply, table, text, type Reply, type Section } from '../src/core/reply.js';

type AnyBlock = { type: string; text?: { type: string; text: string }; fields?: { text: string }[]; elements?: unknown[] };
const blocksOf = (r: Reply) => renderReply(r).blocks as unknown as AnyBlock[];

describe('Slack Block Kit rendering', () => {
  it('GIVEN text with <, > and & WHEN rendered THEN they are escaped and *bold* is kept', () => {
    const [block] = blocksOf(reply([text('Use `/credit buy <AMOUNT>` & *pay*')]));
    expect(block?.text?.text).toBe('Use `/credit buy &lt;AMOUNT&gt;` &amp; *pay*');
  });

  it('GIVEN text Slack sent with entities WHEN decoded THEN the user’s characters come back, &amp;lt; staying literal', () => {
    expect(unescapeSlackText('name=&quot;A &amp; B&quot; &lt;x&gt; &amp;lt;')).toBe('name=&quot;A & B&quot; <x> &lt;');
  });

  it('GIVEN 12 fields WHEN rendered THEN they fill two sections of at most 10 label/value fields', () => {
    const list = Array.from({ length: 12 }, (_, i) => ({ label: `L${i}`, value: `v${i}` }));
    const blocks = blocksOf(reply([fields(list)]));
    expect(blocks.map((b) => b.fields?.length)).toEqual([10, 2]);
    expect(blocks[0]?.fields?.[0]?.text).toBe('*L0*\nv0');
  });

  it('GIVEN a short table WHEN rendered THEN each row is a section headed by its first cell with the other cells as labelled fields', () => {
    const blocks = blocksOf(reply([table(['Service', 'Mode', 'Expires'], [['vps-demo-1', 'manual', '3 Dec'], ['ks-demo', 'automatic', '']])]));
    expect(blocks[0]?.type).toBe('divider');
    expect(blocks[1]).toMatchObject({ type: 'section', text: { text: '*vps-demo-1*' } });
    expect(blocks[1]?.fields?.map((f) => f.text)).toEqual(['*Mode*\nmanual', '*Expires*\n3 Dec']);
    expect(blocks[2]?.fields?.map((f) => f.text)).toEqual(['*Mode*\nautomatic']);
  });

  it('GIVEN a long table WHEN rendered THEN it becomes preformatted text with aligned columns', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [`svc-${i}`, i % 2 ? 'manual' : 'automatic']);
    const blocks = blocksOf(reply([table(['Service', 'Mode'], rows)]));
    expect(blocks[0]?.text?.text.startsWith('```Service  Mode')).toBe(true);
    expect(blocks.map((b) => b.text?.text ?? '').join('')).toMatch(/svc-39 +manual/);
  });

  it('GIVEN a danger action WHEN rendered THEN the button carries only the opaque id and Slack’s danger confirm dialog', () => {
    const button = renderButton({ id: 'A1B2C3', label: 'Delete now', style: 'danger', typed: 'renew delete-now vps-demo-1', confirm: { title: 'Delete?', text: 'This cannot be undone.', yes: 'Yes', no: 'No' } });
    expect(button).toMatchObject({ action_id: 'A1B2C3', value: 'A1B2C3', style: 'danger', confirm: { style: 'danger', title: { text: 'Delete?' }, text: { text: 'This cannot be undone.' }, confirm: { text: 'Yes' }, deny: { text: 'No' } } });
    expect(JSON.stringify(button)).not.toContain('delete-now');
    const plain = renderButton({ id: 'Z9', label: 'Pay', style: 'primary', typed: 'orders pay ORD-1' });
    expect(plain.confirm).toBeUndefined();
    expect(JSON.stringify(plain)).not.toContain('ORD-1');
  });

  it('GIVEN an error reply with a code WHEN rendered THEN the message starts with ❌ and the code is in a context block', () => {
    const blocks = blocksOf(reply([text('No such voucher.')], { tone: 'error', code: 'VOUCHER.NOT_AVAILABLE' }));
    expect(blocks[0]?.text?.text).toBe('❌ No such voucher.');
    expect(blocks.at(-1)).toMatchObject({ type: 'context', elements: [{ type: 'mrkdwn', text: 'VOUCHER.NOT_AVAILABLE' }] });
    expect(renderReply(reply([text('x')], { tone: 'error' })).text).toBe('❌ x');
  });

  it('GIVEN any reply WHEN rendered THEN every Block Kit limit holds (50 blocks, 3000-char texts, 10 fields of 2000, 150-char header)', () => {
    const str = fc.string({ maxLength: 400 });
    const section: fc.Arbitrary<Section> = fc.oneof(
      fc.string({ maxLength: 7000 }).map(text),
      fc.array(fc.record({ label: str, value: fc.string({ maxLength: 2500 }) }), { maxLength: 25 }).map(fields),
      fc.tuple(fc.array(str, { minLength: 1, maxLength: 5 }), fc.array(fc.array(str, { maxLength: 5 }), { maxLength: 30 })).map(([c, r]) => table(c, r)),
    );
    fc.assert(
      fc.property(fc.array(section, { maxLength: 30 }), fc.option(fc.string({ maxLength: 300 })), (sections, title) => {
        const blocks = blocksOf(reply(sections, title ? { title } : {}));
        expect(blocks.length).toBeLessThanOrEqual(50);
        for (const b of blocks) {
          if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(150);
          if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
          expect((b.fields ?? []).length).toBeLessThanOrEqual(10);
          for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
        }
      }),
      { numRuns: 200 },
    );
  });
});
