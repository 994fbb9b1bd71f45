import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { flag, option, positional, rest } from '../src/core/args.js';
import { defineCommand, type CommandFamily } from '../src/core/command.js';
import { parseText, usageOf } from '../src/core/parser.js';
import { reply } from '../src/core/reply.js';
import { tokenize } from '../src/core/tokenizer.js';

const d = { en: 'x', fr: 'x' };
const family: CommandFamily = {
  name: 'demo',
  summary: d,
  commands: [
    defineCommand({
      name: 'buy',
      summary: d,
      access: 'anyone',
      args: z.object({
        amount: positional(z.string(), { placeholder: 'AMOUNT', description: d, take: (w) => (w[1] && /^\d{3}/.test(w[1]) ? 2 : 1) }),
        project: positional(z.string().optional(), { placeholder: 'PROJECT', description: d }),
        admin: option(z.string().optional(), { placeholder: 'ID', description: d }),
        dry: flag(d),
      }),
      run: async () => reply([]),
    }),
    defineCommand({
      name: 'cancel',
      summary: d,
      access: 'anyone',
      args: z.object({
        service: positional(z.string(), { placeholder: 'SERVICE', description: d }),
        reason: rest(z.string().min(3), { placeholder: 'REASON', description: d }),
      }),
      run: async () => reply([]),
    }),
    defineCommand({ name: 'admin audit', summary: d, access: 'anyone', args: z.object({}), run: async () => reply([]) }),
  ],
};

describe('tokenizer', () => {
  it('GIVEN quotes, pairs and flags WHEN tokenized THEN each keeps its kind', () => {
    expect(tokenize(`buy "1 000,00" admin=bob --Dry reason="too expensive" 'it''s'`)).toEqual([
      { kind: 'word', value: 'buy' },
      { kind: 'word', value: '1 000,00' },
      { kind: 'pair', key: 'admin', value: 'bob' },
      { kind: 'flag', name: 'dry' },
      { kind: 'pair', key: 'reason', value: 'too expensive' },
      { kind: 'word', value: 'its' },
    ]);
  });
  it('GIVEN a quoted word containing = WHEN tokenized THEN it stays a word', () => {
    expect(tokenize(`"a=b"`)).toEqual([{ kind: 'word', value: 'a=b' }]);
  });
  it('GIVEN curly and French quotes and control characters WHEN tokenized THEN they group and split', () => {
    expect(tokenize('«bonjour tout»\u0007“le monde”')).toEqual([
      { kind: 'word', value: 'bonjour tout' },
      { kind: 'word', value: 'le monde' },
    ]);
  });
  it('GIVEN a quote left open WHEN tokenized THEN it says which quote to close', () => {
    expect(() => tokenize('buy "100')).toThrow(/closing "/);
  });
  it('GIVEN a very long line WHEN tokenized THEN it is refused', () => {
    expect(() => tokenize('a'.repeat(5000))).toThrow(/too long/);
  });
});

describe('parser', () => {
  it('GIVEN positionals, an option and a flag WHEN parsed THEN the schema gets them', () => {
    const r = parseText(family, 'buy 1 000,00 pc-demo admin=bob --dry --public');
    expect(r).toMatchObject({ ok: true, public: true, args: { amount: '1 000,00', project: 'pc-demo', admin: 'bob', dry: true } });
  });
  it('GIVEN a positional given as key=value WHEN parsed THEN it fills that argument', () => {
    expect(parseText(family, 'buy 5 project=p1')).toMatchObject({ ok: true, args: { amount: '5', project: 'p1' } });
  });
  it('GIVEN a rest argument WHEN parsed THEN it takes every remaining word', () => {
    expect(parseText(family, 'cancel vps-1 too expensive for us')).toMatchObject({ ok: true, args: { service: 'vps-1', reason: 'too expensive for us' } });
  });
  it('GIVEN a two-word subcommand WHEN parsed THEN it is found', () => {
    expect(parseText(family, 'ADMIN audit')).toMatchObject({ ok: true });
  });
  it('GIVEN a typo in a subcommand WHEN parsed THEN a usage and a did-you-mean come back', () => {
    const r = parseText(family, 'bye 10');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message.en).toContain('Did you mean `/demo buy`?');
      expect(r.usage).toContain('/demo buy AMOUNT [PROJECT] [admin=ID] [--dry]');
    }
  });
  it('GIVEN a missing argument WHEN parsed THEN the placeholder is named with the usage', () => {
    const r = parseText(family, 'buy');
    expect(r).toMatchObject({ ok: false, code: 'COMMAND.BAD_ARGUMENTS', message: { en: 'AMOUNT is missing.' }, usage: ['/demo buy AMOUNT [PROJECT] [admin=ID] [--dry]'] });
  });
  it('GIVEN an unknown option or flag WHEN parsed THEN it is named with a suggestion', () => {
    const r = parseText(family, 'buy 5 admn=bob');
    expect(r).toMatchObject({ ok: false, message: { en: expect.stringContaining('did you mean admin=') } });
    expect(parseText(family, 'buy 5 --dri')).toMatchObject({ ok: false, message: { en: expect.stringContaining('did you mean --dry') } });
  });
  it('GIVEN an extra word or a repeated option WHEN parsed THEN it is refused', () => {
    expect(parseText(family, 'buy 5 p1 p2')).toMatchObject({ ok: false, message: { en: expect.stringContaining('`p2`') } });
    expect(parseText(family, 'buy 5 admin=a admin=b')).toMatchObject({ ok: false, message: { en: 'admin= is given twice.' } });
  });
  it('GIVEN a schema rule WHEN broken THEN the zod message is shown with the usage', () => {
    expect(parseText(family, 'cancel vps-1 no')).toMatchObject({ ok: false, usage: ['/demo cancel SERVICE REASON…'] });
  });
  it('GIVEN a spec WHEN its usage is built THEN optional parts are bracketed', () => {
    expect(usageOf(family, family.commands[1]!)).toBe('/demo cancel SERVICE REASON…');
  });
});

describe('empty option values', () => {
  it('GIVEN an option typed with nothing after = WHEN parsed THEN it is the option left out (a cursor, a page), not an empty value', () => {
    const r = parseText(family, 'buy 10 admin=');
    expect(r.ok && r.args).toEqual({ amount: '10', dry: false });
    const quoted = parseText(family, 'buy 10 admin=""');
    expect(quoted.ok && quoted.args).toEqual({ amount: '10', dry: false });
  });
});
