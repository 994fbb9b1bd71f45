import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/core/command.js';
import { Guichet } from '../src/core/guichet.js';
import { monthlySeries } from '../src/flows/credit-chart.js';
import { CHART_HEIGHT, CHART_WIDTH } from '../src/flows/credit-chart.svg.js';
import { LedgerWalletDesk } from '../src/ledger/wallet.desk.js';
import type { ImageFile } from '../src/ports/images.js';
import { consoleUser, type Harness } from './support/harness.js';
import { harnessWithCreditYear, HISTORY_END, MONTHLY_CHARGES } from './support/credit-history.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The chart file of `/credit chart pc-demo` as alice. */
async function chartOf(harness: Harness, locale: 'en' | 'fr' = 'en'): Promise<ImageFile> {
  const reply = await harness.run('/credit chart pc-demo', { locale });
  expect(reply.code, JSON.stringify(reply.sections)).toBeUndefined();
  expect(reply.files).toHaveLength(1);
  return reply.files![0]!;
}

/** Pixels of a colour (within a small tolerance) in a decoded PNG. */
function countColour(png: PNG, [r, g, b]: [number, number, number]): number {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (Math.abs(png.data[i]! - r) < 8 && Math.abs(png.data[i + 1]! - g) < 8 && Math.abs(png.data[i + 2]! - b) < 8) n++;
  }
  return n;
}

describe('the ledger history of a project (demo data, a year of activity)', () => {
  it('GIVEN 300 € bought in Dec 2025, WELCOME-50 in Feb and monthly charges WHEN the history is read in months THEN each month ends with the balances the charges left (vouchers used first) and the month’s consumption', async () => {
    h = await harnessWithCreditYear();
    const months = await h.uow.run(async (tx) => {
      const project = (await tx.services.get('pc-demo'))!;
      const desk = new LedgerWalletDesk({ tx, now: h!.clock.now() } as CommandContext);
      const history = await desk.history(project, new Date('2025-11-28T00:00:00Z'));
      return { commit: false, result: monthlySeries(history, { now: h!.clock.now(), timeZone: 'Europe/Paris' }) };
    });
    expect(months.map((m) => m.key)).toEqual(['2025-12', ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`)]);
    expect(months.map((m) => m.consumedMinor)).toEqual([0, ...MONTHLY_CHARGES.map((c) => c * 100)]);
    expect(months.map((m) => m.voucherMinor / 100)).toEqual([0, 0, 15, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(months.map((m) => m.creditMinor / 100)).toEqual([300, 280, 280, 215, 205, 205, 165, 140, 140, 125, 95, 90]);
  }, 60_000);
});

describe('/credit chart', () => {
  it('GIVEN the year WHEN alice asks for the chart THEN the reply carries a valid PNG of the stated size (signature, IHDR) and an alt text that says the figures', async () => {
    h = await harnessWithCreditYear();
    const file = await chartOf(h);
    const bytes = Buffer.from(file.png);
    expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(bytes.toString('latin1', 12, 16)).toBe('IHDR');
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([file.width, file.height]);
    expect([file.width, file.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    expect(file.name).toBe('credit-pc-demo-2026-11.png');
    expect(file.alt).toBe(
      'Credit on project pc-demo: €90.00 on 20 Nov 2026, down from €300.00 at the end of Dec 2025. ' +
      'Vouchers: €0.00, unchanged since the end of Dec 2025. Consumption over 12 months: €260.00, peaking in Mar 2026 at €80.00.',
    );
    const decoded = PNG.sync.read(bytes);
    expect([decoded.width, decoded.height]).toEqual([file.width, file.height]);
    expect(countColour(decoded, [0x25, 0x63, 0xeb])).toBeGreaterThan(200); // the credit line
    expect(countColour(decoded, [0x94, 0xa3, 0xb8])).toBeGreaterThan(500); // consumption bars
  }, 60_000);

  it('GIVEN the same year in French WHEN the chart is asked THEN the alt text is French and names the months in French', async () => {
    h = await harnessWithCreditYear();
    const file = await chartOf(h, 'fr');
    expect(file.alt).toMatch(/^Crédit du projet pc-demo : 90,00\s€ le 20 nov\. 2026, en baisse depuis 300,00\s€ fin déc\. 2025\./);
    expect(file.alt).toMatch(/au plus haut en mars 2026 avec 80,00\s€\.$/);
  }, 60_000);

  it('GIVEN two years with different consumption WHEN both charts are drawn THEN their pixels differ, and drawing one again gives the same pixels', async () => {
    h = await harnessWithCreditYear();
    const first = PNG.sync.read(Buffer.from((await chartOf(h)).png));
    const again = PNG.sync.read(Buffer.from((await chartOf(h)).png));
    await h.close();
    h = await harnessWithCreditYear(MONTHLY_CHARGES.map((c, i) => (i === 5 ? c + 120 : c)));
    const other = PNG.sync.read(Buffer.from((await chartOf(h)).png));
    expect(Buffer.compare(first.data, again.data)).toBe(0);
    let changed = 0;
    for (let i = 0; i < first.data.length; i += 4) if (first.data[i] !== other.data[i] || first.data[i + 1] !== other.data[i + 1]) changed++;
    expect(changed).toBeGreaterThan(1_000);
  }, 90_000);

  it('GIVEN a project that is not the caller’s, a service that is not a project, or no renderer WHEN a chart is asked THEN each is refused with its stable code and no file', async () => {
    h = await harnessWithCreditYear([]);
    for (const [line, code] of [['@carol /credit chart pc-demo', 'SERVICE.NOT_FOUND'], ['/credit chart vps-demo-1', 'SERVICE.NOT_A_PROJECT'], ['/credit chart nope', 'SERVICE.NOT_FOUND']] as const) {
      const r = await h.run(line);
      expect([r.code, r.files]).toEqual([code, undefined]);
    }
    const bare = new Guichet({ ...h.core.deps, images: undefined });
    const r = await bare.handle({ id: 'no-renderer', user: consoleUser('alice'), channel: 'console:local/general', command: 'credit', input: { kind: 'text', text: 'chart pc-demo' } });
    expect(r.code).toBe('CHART.UNAVAILABLE');
    expect(r.files).toBeUndefined();
  }, 60_000);

  it('GIVEN an empty year WHEN the chart is drawn THEN it still has the stated size and says there was no consumption', async () => {
    h = await harnessWithCreditYear([]);
    h.clock.set(HISTORY_END);
    const file = await chartOf(h);
    expect(file.alt).toContain('No consumption in the last 12 months.');
    expect(PNG.sync.read(Buffer.from(file.png)).width).toBe(CHART_WIDTH);
  }, 60_000);
});
