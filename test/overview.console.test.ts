import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OVERVIEW_HEADINGS } from '../src/commands/account.overview.view.js';
import { npmStart } from './support/spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'guichet-overview-console-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The lines printed under a heading, up to the next heading or button line. */
function under(out: string, heading: string): string[] {
  const lines = out.split('\n').map((l) => l.trim());
  const start = lines.indexOf(heading);
  if (start < 0) return [];
  const headings: string[] = Object.values(OVERVIEW_HEADINGS).map((h) => h.en);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => headings.includes(l) || l.startsWith('[') || l.startsWith('>') || l === '');
  return end < 0 ? rest : rest.slice(0, end);
}

describe('console: /account overview on the demo data (done criterion of issue 16)', () => {
  it('GIVEN a fresh store with the demo data WHEN alice types /account overview in npm start THEN all five sections show something, with the commands to type for the buttons', async () => {
    const env = { GUICHET_STORE: `sqlite://${join(dir, 'g.sqlite')}`, GUICHET_NOW: '2026-11-23T09:00:00Z', LOG_LEVEL: 'warn', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' };
    const r = await npmStart(env, '/account overview\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Overview of alice-ovh');
    expect(under(r.stdout, OVERVIEW_HEADINGS.expiring.en)).toEqual([
      '🗑️ hosting-demo (Hosting demo) — terminates at expiry, 28 Nov 2026, in 5 day(s)',
      '⏳ vps-demo-1 (VPS demo) — manual renewal, 3 Dec 2026, in 10 day(s)',
    ]);
    expect(under(r.stdout, OVERVIEW_HEADINGS.credits.en)).toEqual([
      '⏳ pc-demo — voucher SPRING-20: €12.40 left of €20.00, expires 13 Dec 2026 (in 20 day(s))',
      '💳 pc-demo — credit: €100.00 left of €100.00, expires 13 Nov 2027',
    ]);
    expect(under(r.stdout, OVERVIEW_HEADINGS.orders.en)[0]).toMatch(/^🧾 ORD-[A-Z0-9]+: Public Cloud credit — pc-demo, €60\.00 incl\. tax, cancelled on 7 Dec 2026 if unpaid$/);
    expect(under(r.stdout, OVERVIEW_HEADINGS.contacts.en)[0]).toMatch(/^🤝 CR-DEM2KS — ks-demo, admin contact: bob-ovh → alice-ovh, expires 29 Nov 2026; answer with \/contacts accept CR-DEM2KS TOKEN/);
    expect(under(r.stdout, OVERVIEW_HEADINGS.warnings.en)).toEqual([
      '⚠️ No backup e-mail address → Add a backup e-mail so you never lose access to your account.',
      '⚠️ Two-factor authentication not enabled → Enable two-factor authentication on your account.',
    ]);
    expect(r.stdout).toMatch(/\[Pay ORD-[A-Z0-9]+ \(€60\.00\)\] → \/orders pay ORD-[A-Z0-9]+/);
    expect(r.stdout).toContain('[Undo cancel: hosting-demo] → /renew manual hosting-demo');
  }, 60_000);
});
