import { Writable } from 'node:stream';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createLogger, REDACT_PATHS } from '../adapters/logging/pino.logger.js';
import { buildRegistry } from '../src/commands/index.js';
import { defineCommand } from '../src/core/command.js';
import { Guichet } from '../src/core/guichet.js';
import { CommandRegistry } from '../src/core/registry.js';
import { replyToPlainText } from '../src/core/reply.js';
import { tokensFor } from './support/contacts.js';
import { consoleUser, makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

function pinoLines(): { lines: string[]; logger: ReturnType<typeof createLogger>['logger'] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger('trace', sink).logger };
}

describe('structured logs', () => {
  it('GIVEN plain and nested fields, secrets and child loggers WHEN logged THEN every line is the one pino with the redaction writes', () => {
    const { lines, logger } = pinoLines();
    const expected: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (expected.push(...chunk.toString().split('\n').filter(Boolean)), done()) });
    const reference = pino({ level: 'trace', base: { app: 'guichet' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime }, sink);
    const plain = { req: 'slack:T1:trigger:1', user: 'slack:T1/U1', n: 3, ok: false, nan: Number.NaN, none: undefined, odd: 'a"b\\c\n\u0001 é€😀' };
    const cases: Record<string, unknown>[] = [
      {}, plain, { token: 'T0KEN' }, { text: 'accept CR-1 ABC' }, { headers: 'h' }, { headers: { authorization: 'Bearer x', 'x-slack-signature': 'v0=1' } },
      { slack: { botToken: 'xoxb-1', signingSecret: 's', name: 'n' } }, { err: 'boom', list: [1, { secret: 's' }] }, { nothing: null }, { lone: 'a\ud800b' },
    ];
    for (const [ours, theirs] of [[logger, reference], [logger.child(plain), reference.child(plain)], [logger.child({ token: 'T' }), reference.child({ token: 'T' })], [logger.child({ a: { secret: 's' } }).child({ b: 1 }), reference.child({ a: { secret: 's' } }).child({ b: 1 })]] as const) {
      for (const fields of cases) {
        ours.info(fields, 'm');
        theirs.info(fields, 'm');
      }
      ours.child({ sub: 'x' }).warn(plain, 'w');
      theirs.child({ sub: 'x' }).warn(plain, 'w');
    }
    const untimed = (l: string) => l.replace(/"time":"[^"]*"/, '"time":""');
    expect(lines.map(untimed)).toEqual(expected.map(untimed));
    expect(lines.join('\n')).not.toMatch(/T0KEN|ABC|Bearer|xoxb-1|v0=1/);
  });

  it('GIVEN the configured pino logger WHEN fields named like secrets are logged THEN their values are redacted', () => {
    const { lines, logger } = pinoLines();
    logger.info({ token: 'T0KEN-1', secret: 'S3CRET', text: 'accept CR-1 ABCDEFGHJK', headers: { authorization: 'Bearer xoxb-123' }, slack: { botToken: 'xoxb-999', signingSecret: 'sig' } }, 'm');
    const line = lines.join('\n');
    for (const leaked of ['T0KEN-1', 'S3CRET', 'ABCDEFGHJK', 'xoxb-123', 'xoxb-999', '"sig"']) expect(line).not.toContain(leaked);
    expect(line).toContain('[redacted]');
  });

  it('GIVEN a contact change with tokens WHEN run with trace logs THEN every invocation line has a request id and no token appears', async () => {
    h = await makeHarness();
    const { lines, logger } = pinoLines();
    const core = new Guichet({ ...h.core.deps, logger });
    const ask = (user: string, text: string, id: string) => core.handle({ id, user: consoleUser(user), command: 'contacts', input: { kind: 'text', text } });
    const created = replyToPlainText(await ask('alice', 'change pc-demo billing=dave-ovh', 'req-1'));
    const id = /CR-[A-Z0-9]{6}/.exec(created)![0];
    const byUser = tokensFor(h, id);
    const tokens = Object.values(byUser);
    expect(tokens.length).toBe(2);
    await ask('alice', `accept ${id} ${byUser.alice}`, 'req-2');
    await ask('dave', `accept ${id} WRONGTOKEN`, 'req-3');
    await ask('dave', `accept ${id} ${byUser.dave}`, 'req-4');
    expect(await h.text('/contacts show pc-demo')).toContain('dave-ovh');
    const all = lines.join('\n');
    for (const t of tokens) expect(all).not.toContain(t);
    expect(all).not.toContain('WRONGTOKEN');
    const handled = lines.map((l) => JSON.parse(l) as { msg: string; req?: string }).filter((l) => l.msg === 'handled');
    expect(handled.map((l) => l.req)).toEqual(['req-1', 'req-2', 'req-3', 'req-4']);
  });

  it('GIVEN a bug WHEN it happens THEN the reply carries the reference found in exactly one log line with the request id', async () => {
    h = await makeHarness();
    const { lines, logger } = pinoLines();
    const broken = defineCommand({ name: '', summary: { en: 'b', fr: 'b' }, args: z.object({}), access: 'anyone', run: async () => { throw new Error('kaboom'); } });
    const core = new Guichet({ ...h.core.deps, logger, registry: new CommandRegistry([...buildRegistry().families, { name: 'broken', summary: { en: 'b', fr: 'b' }, commands: [broken] }]) });
    const r = await core.handle({ id: 'req-bug', user: consoleUser('alice'), command: 'broken', input: { kind: 'text', text: '' } });
    const withRef = lines.filter((l) => l.includes(r.ref!));
    expect(withRef).toHaveLength(1);
    expect(JSON.parse(withRef[0]!)).toMatchObject({ req: 'req-bug', level: 50, msg: 'unexpected error' });
  });
});
