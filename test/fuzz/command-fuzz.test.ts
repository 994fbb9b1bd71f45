import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryEngine } from '../../adapters/store/memory.engine.js';
import { buildRegistry } from '../../src/commands/index.js';
import { argsOf } from '../../src/core/parser.js';
import { replyToPlainText } from '../../src/core/reply.js';
import { consoleUser, makeHarness, type Harness } from '../support/harness.js';

/** Number of generated command lines: a short seeded run in `npm test`, 100,000+ with `npm run fuzz`. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 5000);
/** Refusals that deliberately record something (a wrong token counts an attempt; a refusal of rights is audited). */
const RECORDED_REFUSALS = new Set([
  'CONTACTS.BAD_TOKEN', 'CONTACTS.LOCKED', 'RENEW.BAD_TOKEN',
  'VOUCHER.NOT_AVAILABLE', 'ACCESS.NOT_OPERATOR', 'ACCESS.NOT_A_CONTACT', 'CONTACTS.NOT_ADMIN', 'ORDER.NOT_YOURS',
]);

const registry = buildRegistry();
const families = registry.families;
const USERS = ['alice', 'bob', 'carol', 'dave', 'root', 'mallory'];
const VALUES = [
  'pc-demo', 'vps-demo-1', 'example-demo.fr', 'hosting-demo', 'ks-demo', 'PC-DEMO', 'alice-ovh', 'bob-ovh', 'carol-ovh', 'dave-ovh',
  'WELCOME-50', 'UK-30', 'EXPIRED-10', 'welcome-50', '100', '100.5', '100,50', '"1 000,00"', '€100', '100 EUR', '0', '-5', '1e5',
  '1.234', '99999999999999999999999', 'NaN', 'ORD-AAAAAA', 'CR-AAAAAA', 'ABCDEFGHJK', 'console:eve', 'slack:T1/U1', 'discord:1/2',
  'admin', 'billing', 'renewal', 'all', '"unterminated', "'", '\\', '""', '--public', '--', '=', 'a=', '=b', '🦄', 'ﬀ', '\u0000', '\u202e',
  'x'.repeat(300), '10', '3', 'EUR', 'GBP',
];

const word = fc.oneof(
  fc.constantFrom(...VALUES),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.bigInt().map(String),
  fc.double().map(String),
);

/** A command line aimed at a real subcommand, with its argument names shuffled in. */
const targeted = fc.constantFrom(...families).chain((family) =>
  fc.constantFrom(...family.commands).chain((spec) => {
    const names = argsOf(spec).map((a) => (a.meta.kind === 'flag' ? `--${a.name}` : a.meta.kind === 'option' ? `${a.name}=` : ''));
    const named = names.length > 0 ? fc.constantFrom(...names).chain((n) => (n.endsWith('=') ? word.map((w) => `${n}${w}`) : fc.constant(n))) : word;
    const part = fc.oneof(word, named);
    return fc
      .array(part, { maxLength: 6 })
      .chain((parts) => fc.shuffledSubarray(parts, { minLength: parts.length, maxLength: parts.length }))
      .map((parts) => ({ command: family.name, text: [spec.name, ...parts].join(' ') }));
  }),
);

/** Anything at all: random families, control characters, very long input. */
const wild = fc.record({
  command: fc.oneof(fc.constantFrom(...families.map((f) => f.name)), fc.string({ maxLength: 10 })),
  text: fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 60 }), fc.constant('x '.repeat(3000)), fc.array(word, { maxLength: 10 }).map((w) => w.join(' '))),
});

let h: Harness;
beforeAll(async () => {
  h = await makeHarness();
});
afterAll(async () => h.close());

describe('command fuzzing', () => {
  it(`GIVEN ${RUNS} generated command lines WHEN run by linked and unlinked users THEN no bug escapes and refused input changes nothing`, async () => {
    const engine = h.engine as MemoryEngine;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(targeted, targeted, wild), fc.constantFrom(...USERS), async (line, user) => {
        n++;
        const before = engine.writeCount;
        const reply = await h.core.handle({ id: `fuzz-${n}`, user: consoleUser(user), command: line.command, input: { kind: 'text', text: line.text } });
        const shown = replyToPlainText(reply);
        expect(reply.code, `${line.command} ${line.text}\n${shown}`).not.toBe('INTERNAL');
        expect(shown.trim().length).toBeGreaterThan(0);
        if (reply.tone === 'error' && !RECORDED_REFUSALS.has(reply.code ?? '')) expect(engine.writeCount).toBe(before);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261123), endOnFailure: true },
    );
  });
});
