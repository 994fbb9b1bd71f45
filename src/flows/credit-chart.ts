import { formatDate, memoFormatter, pick, type Locale } from '../domain/i18n.js';
import { formatMoney } from '../domain/money.js';
import { DAY_MS } from '../domain/time.js';
import type { Service } from '../domain/service.js';
import type { ImageFile, ImageRenderer } from '../ports/images.js';
import type { CreditHistory, WalletDesk } from '../ports/provider.js';
import { creditChartSvg, CHART_WIDTH, monthName } from './credit-chart.svg.js';

/** Months the credit chart shows, the current one included. */
export const CHART_MONTHS = 12;

/** One month of the chart: balances at its end (now, for the current month) and the consumption charged in it. */
export interface ChartMonth {
  /** `YYYY-MM` in the configured time zone. */
  readonly key: string;
  readonly creditMinor: number;
  readonly voucherMinor: number;
  readonly consumedMinor: number;
}

/** Where the chart is read, for month boundaries and texts. */
export interface ChartView {
  readonly now: Date;
  readonly locale: Locale;
  readonly timeZone: string;
}

const monthKeys = new Map<string, Intl.DateTimeFormat>();

/** The month (`YYYY-MM`) of an instant in a time zone. */
export function monthKey(at: Date, timeZone: string): string {
  const parts = memoFormatter(monthKeys, timeZone, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' })).formatToParts(at);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

/** The `CHART_MONTHS` month keys ending with the month of `now`, oldest first. */
export function chartMonths(now: Date, timeZone: string): string[] {
  const [y, m] = monthKey(now, timeZone).split('-').map(Number) as [number, number];
  return Array.from({ length: CHART_MONTHS }, (_, i) => {
    const d = new Date(Date.UTC(y, m - CHART_MONTHS + i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/** The instant to read history from: a little before the first month starts in any time zone. */
export function chartStart(now: Date, timeZone: string): Date {
  const [y, m] = chartMonths(now, timeZone)[0]!.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 1) - 2 * DAY_MS);
}

/** The history in calendar months: balances at each month's end, consumption per month. */
export function monthlySeries(history: CreditHistory, view: Pick<ChartView, 'now' | 'timeZone'>): ChartMonth[] {
  const keyed = history.balances.map((p) => ({ key: monthKey(new Date(p.at), view.timeZone), p }));
  const consumed = new Map<string, number>();
  for (const c of history.consumption) {
    const key = monthKey(new Date(c.at), view.timeZone);
    consumed.set(key, (consumed.get(key) ?? 0) + c.amountMinor);
  }
  return chartMonths(view.now, view.timeZone).map((key) => {
    let last = history.balances[0];
    for (const k of keyed) if (k.key <= key) last = k.p;
    return { key, creditMinor: last?.creditMinor ?? 0, voucherMinor: last?.voucherMinor ?? 0, consumedMinor: consumed.get(key) ?? 0 };
  });
}

type Words = { readonly up: string; readonly down: string; readonly same: string };

/** `X, down from Y` (or up; `X, unchanged` when equal). */
function change(now: string, then: string, nowMinor: number, thenMinor: number, words: Words): string {
  if (nowMinor === thenMinor) return `${now}, ${words.same}`;
  return `${now}, ${nowMinor > thenMinor ? words.up : words.down} ${then}`;
}

/** The chart said in words: the balances now against a year ago, and the consumption with its peak. */
export function chartAltText(projectId: string, months: readonly ChartMonth[], currency: string, view: ChartView): string {
  const l = view.locale;
  const m = (minor: number) => formatMoney(minor, currency, l);
  const first = months[0]!;
  const last = months[months.length - 1]!;
  const today = formatDate(view.now, l, view.timeZone);
  const since = monthName(first.key, l);
  const en = l === 'en';
  const words: Words = en ? { up: 'up from', down: 'down from', same: `unchanged since the end of ${since}` } : { up: 'en hausse depuis', down: 'en baisse depuis', same: `inchangé depuis fin ${since}` };
  const was = (minor: number) => (en ? `${m(minor)} at the end of ${since}` : `${m(minor)} fin ${since}`);
  const credit = en
    ? `Credit on project ${projectId}: ${change(`${m(last.creditMinor)} on ${today}`, was(first.creditMinor), last.creditMinor, first.creditMinor, words)}.`
    : `Crédit du projet ${projectId} : ${change(`${m(last.creditMinor)} le ${today}`, was(first.creditMinor), last.creditMinor, first.creditMinor, words)}.`;
  const vouchers = en
    ? `Vouchers: ${change(m(last.voucherMinor), was(first.voucherMinor), last.voucherMinor, first.voucherMinor, words)}.`
    : `Vouchers : ${change(m(last.voucherMinor), was(first.voucherMinor), last.voucherMinor, first.voucherMinor, { ...words, same: `inchangés depuis fin ${since}` })}.`;
  const total = months.reduce((s, x) => s + x.consumedMinor, 0);
  const peak = months.reduce((a, b) => (b.consumedMinor > a.consumedMinor ? b : a));
  const consumption = total === 0
    ? pick({ en: `No consumption in the last ${months.length} months.`, fr: `Aucune consommation sur les ${months.length} derniers mois.` }, l)
    : en
      ? `Consumption over ${months.length} months: ${m(total)}, peaking in ${monthName(peak.key, l)} at ${m(peak.consumedMinor)}.`
      : `Consommation sur ${months.length} mois : ${m(total)}, au plus haut en ${monthName(peak.key, l)} avec ${m(peak.consumedMinor)}.`;
  return `${credit} ${vouchers} ${consumption}`;
}

/**
 * The credit chart of a Public Cloud project as a PNG file with its alt text: credit and voucher balances and monthly
 * consumption over the last 12 months, read from the wallet desk (`/credit chart`).
 */
export async function creditChartFile(wallet: WalletDesk, images: ImageRenderer, project: Service, view: ChartView): Promise<ImageFile> {
  return creditChartOf(await wallet.history(project, chartStart(view.now, view.timeZone)), images, project, view);
}

/**
 * The credit chart from a history already read (from `chartStart`): the weekly digest reads the histories in a unit of
 * work and draws them outside it.
 */
export async function creditChartOf(history: CreditHistory, images: ImageRenderer, project: Service, view: ChartView): Promise<ImageFile> {
  const months = monthlySeries(history, view);
  const title = pick({ en: `Credit & vouchers — ${project.id}`, fr: `Crédit & vouchers — ${project.id}` }, view.locale);
  const svg = creditChartSvg(title, months, history.currency, view.locale);
  const image = await images.png(svg, CHART_WIDTH);
  const name = `credit-${project.id.replace(/[^A-Za-z0-9._-]+/g, '_')}-${monthKey(view.now, view.timeZone)}.png`;
  return { name, png: image.png, width: image.width, height: image.height, alt: chartAltText(project.id, months, history.currency, view), title };
}
