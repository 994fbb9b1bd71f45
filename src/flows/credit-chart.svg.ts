import { intlTag, memoFormatter, pick, type Locale } from '../domain/i18n.js';
import { formatMoney, minorDigits } from '../domain/money.js';
import type { ChartMonth } from './credit-chart.js';

const monthNames = new Map<string, Intl.DateTimeFormat>();

/** A month's name for a reader (`Mar 2026`, `mars 2026`), or only the month (`Mar`). */
export function monthName(key: string, locale: Locale, withYear = true): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  const fmt = memoFormatter(monthNames, `${locale}|${withYear}`, () => new Intl.DateTimeFormat(intlTag(locale), { timeZone: 'UTC', month: 'short', ...(withYear ? { year: 'numeric' } : {}) }));
  return fmt.format(new Date(Date.UTC(y, m - 1, 15)));
}


/** The chart's size in SVG units (the PNG is rendered at this width). */
export const CHART_WIDTH = 800;
/** The chart's height in SVG units. */
export const CHART_HEIGHT = 420;

const PLOT = { left: 96, right: 24, top: 84, bottom: 56 };
const COLOURS = { credit: '#2563eb', voucher: '#d97706', consumption: '#94a3b8', grid: '#e2e8f0', text: '#1e293b', muted: '#64748b' };
/** The font the rasteriser is given (bundled: it has no system fonts). */
export const CHART_FONT = 'Inter';

/** Escapes text for an SVG text node or attribute. */
export function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A round top for the money axis (1, 2 or 5 times a power of ten, in minor units), and its tick step. */
export function axisScale(maxMinor: number, currency: string, ticks = 4): { top: number; step: number } {
  const unit = 10 ** minorDigits(currency);
  const raw = Math.max(maxMinor, unit) / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw)!;
  const rounded = Math.max(unit, Math.ceil(step / unit) * unit);
  return { top: rounded * ticks, step: rounded };
}

/** Money on the axis, without minor digits when the step is whole units. */
function axisMoney(minor: number, currency: string, locale: Locale): string {
  const unit = 10 ** minorDigits(currency);
  const text = formatMoney(minor, currency, locale);
  if (minor % unit !== 0) return text;
  return text.replace(/[.,]0+(?=\D*$)/, '');
}

/**
 * The credit chart as SVG: monthly consumption as bars, credit and voucher balances as lines over light areas, a money
 * axis, month labels in the reader's language and a legend.
 */
export function creditChartSvg(title: string, months: readonly ChartMonth[], currency: string, locale: Locale): string {
  const w = CHART_WIDTH;
  const h = CHART_HEIGHT;
  const plotW = w - PLOT.left - PLOT.right;
  const plotH = h - PLOT.top - PLOT.bottom;
  const max = Math.max(0, ...months.flatMap((m) => [m.creditMinor, m.voucherMinor, m.consumedMinor]));
  const { top, step } = axisScale(max, currency);
  const slot = plotW / months.length;
  const x = (i: number) => PLOT.left + slot * (i + 0.5);
  const y = (minor: number) => PLOT.top + plotH - (Math.max(0, minor) / top) * plotH;
  const r = (n: number) => n.toFixed(1);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${CHART_FONT}">`);
  out.push(`<rect width="${w}" height="${h}" fill="#ffffff"/>`);
  out.push(`<text x="${PLOT.left}" y="32" font-size="20" font-weight="600" fill="${COLOURS.text}">${xmlText(title)}</text>`);
  for (let v = 0; v <= top; v += step) {
    out.push(`<line x1="${PLOT.left}" x2="${w - PLOT.right}" y1="${r(y(v))}" y2="${r(y(v))}" stroke="${COLOURS.grid}" stroke-width="1"/>`);
    out.push(`<text x="${PLOT.left - 8}" y="${r(y(v) + 4)}" font-size="12" text-anchor="end" fill="${COLOURS.muted}">${xmlText(axisMoney(v, currency, locale))}</text>`);
  }
  const series = [['voucherMinor', COLOURS.voucher], ['creditMinor', COLOURS.credit]] as const;
  const lineOf = (kind: 'voucherMinor' | 'creditMinor') => months.map((m, i) => `${r(x(i))},${r(y(m[kind]))}`).join(' ');
  // Areas under the balances, then the consumption bars over them, then the balance lines on top.
  for (const [kind, colour] of series) {
    out.push(`<polygon points="${r(x(0))},${r(y(0))} ${lineOf(kind)} ${r(x(months.length - 1))},${r(y(0))}" fill="${colour}" fill-opacity="0.12"/>`);
  }
  months.forEach((m, i) => {
    const barH = (m.consumedMinor / top) * plotH;
    if (m.consumedMinor > 0) out.push(`<rect x="${r(x(i) - slot * 0.3)}" y="${r(y(m.consumedMinor))}" width="${r(slot * 0.6)}" height="${r(barH)}" fill="${COLOURS.consumption}"/>`);
    const label = monthName(m.key, locale, false);
    out.push(`<text x="${r(x(i))}" y="${h - PLOT.bottom + 18}" font-size="12" text-anchor="middle" fill="${COLOURS.muted}">${xmlText(label)}</text>`);
    if (i === 0 || m.key.endsWith('-01')) out.push(`<text x="${r(x(i))}" y="${h - PLOT.bottom + 34}" font-size="11" text-anchor="middle" fill="${COLOURS.muted}">${m.key.slice(0, 4)}</text>`);
  });
  for (const [kind, colour] of series) {
    out.push(`<polyline points="${lineOf(kind)}" fill="none" stroke="${colour}" stroke-width="3" stroke-linejoin="round"/>`);
    months.forEach((m, i) => out.push(`<circle cx="${r(x(i))}" cy="${r(y(m[kind]))}" r="3.5" fill="${colour}"/>`));
  }
  out.push(`<line x1="${PLOT.left}" x2="${w - PLOT.right}" y1="${r(y(0))}" y2="${r(y(0))}" stroke="${COLOURS.muted}" stroke-width="1"/>`);
  const legend = [
    { colour: COLOURS.credit, text: pick({ en: 'Credit balance', fr: 'Solde de crédit' }, locale), bar: false },
    { colour: COLOURS.voucher, text: pick({ en: 'Voucher balance', fr: 'Solde des vouchers' }, locale), bar: false },
    { colour: COLOURS.consumption, text: pick({ en: 'Consumption per month', fr: 'Consommation par mois' }, locale), bar: true },
  ];
  let lx = PLOT.left;
  for (const item of legend) {
    out.push(item.bar
      ? `<rect x="${lx}" y="50" width="14" height="14" fill="${item.colour}"/>`
      : `<line x1="${lx}" x2="${lx + 14}" y1="57" y2="57" stroke="${item.colour}" stroke-width="3"/>`);
    out.push(`<text x="${lx + 20}" y="62" font-size="13" fill="${COLOURS.text}">${xmlText(item.text)}</text>`);
    lx += 40 + item.text.length * 7.5;
  }
  out.push('</svg>');
  return out.join('\n');
}
