import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChild } from './support/spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'guichet-credit-console-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `npx tsx adapters/main.ts` (the console bot) on the scenario's store with piped stdin. */
async function runConsole(lines: string[], now: string): Promise<{ code: number | null; out: string; err: string }> {
  const env: Record<string, string> = { GUICHET_STORE: `sqlite://${join(dir, 's.sqlite')}`, GUICHET_NOW: now, LOG_LEVEL: 'warn' };
  for (const k of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']) env[k] = '';
  const r = await runChild('npx', ['tsx', 'adapters/main.ts'], env, `${lines.join('\n')}\n`);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

/** The answer printed for one typed line. */
function answerTo(out: string, line: string): string {
  const start = out.indexOf(`> ${line}\n`);
  if (start < 0) throw new Error(`no answer to ${line} in:\n${out}`);
  const next = out.indexOf('\n> ', start + line.length + 3);
  return out.slice(start, next < 0 ? undefined : next);
}

describe('console scenario: credit, voucher, consumption', () => {
  it('GIVEN the demo store (with the showcase: SPRING-20 with €12.40 left and €100 of older credit on pc-demo) WHEN alice buys 100 EUR, pays, activates WELCOME-50 and 232.40 EUR is charged THEN both vouchers and the older credit are used up, 70 of the new credit used and 30 left', async () => {
    const first = await runConsole(['/credit buy 100 EUR pc-demo'], '2026-11-23T09:00:00Z');
    expect(first.code).toBe(0);
    const bought = answerTo(first.out, '/credit buy 100 EUR pc-demo');
    expect(bought).toContain('Amount excl. tax: €100.00');
    expect(bought).toContain('Tax (20 %): €20.00');
    expect(bought).toContain('Total incl. tax: €120.00');
    expect(bought).toContain('13 months after its purchase is lost');
    const id = /ORD-[A-Z0-9]+/.exec(bought)![0];
    expect(bought).toContain(`→ /orders pay ${id}`);

    const lines = [
      `/orders pay ${id}`,
      '/voucher activate welcome-50 pc-demo',
      '@root /guichet admin charge pc-demo 232.40',
      '/credit list pc-demo',
      `/orders show ${id}`,
      '@bob /credit buy 100 pc-demo',
      '/voucher activate WELCOME-50 pc-demo',
      '/voucher activate UK-30 pc-demo',
      '/voucher activate EXPIRED-10 pc-demo',
      '/credit buy 100,505 pc-demo',
    ];
    const second = await runConsole(lines, '2026-11-24T09:00:00Z');
    expect(second.code).toBe(0);
    expect(answerTo(second.out, lines[0]!)).toMatch(new RegExp(`Order ${id} paid: €120\\.00\\. It is delivered\\.\\n\\s*Paid with: Visa •••• 4242`));
    expect(answerTo(second.out, lines[1]!)).toContain('Voucher WELCOME-50 activated on pc-demo');
    const charged = answerTo(second.out, lines[2]!);
    expect(charged).toMatch(/voucher SPRING-20\s+€12\.40/);
    expect(charged).toMatch(/voucher WELCOME-50\s+€50\.00/);
    expect(charged).toMatch(/credit ORD-DEM2CRED\s+€100\.00/);
    expect(charged).toMatch(new RegExp(`credit ${id}\\s+€70\\.00`));
    expect(charged).toContain('Credits and vouchers left on pc-demo: €30.00');
    const list = answerTo(second.out, lines[3]!);
    expect(list).toMatch(new RegExp(`1\\s+credit\\s+${id}\\s+€100\\.00\\s+€30\\.00\\s+24 Nov 2026\\s+24 Dec 2027\\s+active`));
    expect(list).toMatch(/voucher\s+WELCOME-50\s+€50\.00\s+€0\.00\s+24 Nov 2026\s+22 Feb 2027\s+used up/);
    expect(list).toContain('Used by consumption: €240.00');
    const shown = answerTo(second.out, lines[4]!);
    expect(shown).toContain('State: delivered');
    expect(shown).toMatch(/awaiting payment\s+23 Nov 2026, 10:00/);
    expect(shown).toMatch(/delivered\s+24 Nov 2026, 10:00/);
    expect(shown).toContain('credit added, expires 24 Dec 2027');
    expect(answerTo(second.out, lines[5]!)).toContain('No Public Cloud project pc-demo among yours');
    expect(answerTo(second.out, lines[6]!)).toContain('already activated');
    expect(answerTo(second.out, lines[7]!)).toContain('only valid for projects of the GB subsidiary');
    expect(answerTo(second.out, lines[8]!)).toContain('unknown, expired or already used');
    expect(answerTo(second.out, lines[9]!)).toContain('at most 2 decimals');
  }, 60_000);
});
