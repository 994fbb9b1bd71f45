import type { Localized } from './i18n.js';
import { minorDigits } from './money.js';
import type { ReplyCode } from './reply-codes.js';

/** Currency symbols users type, with the ISO codes each may stand for. */
const SYMBOLS: Readonly<Record<string, readonly string[]>> = {
  '€': ['EUR'],
  '£': ['GBP'],
  $: ['USD', 'CAD', 'AUD', 'NZD'],
  'US$': ['USD'],
  'C$': ['CAD'],
  'CA$': ['CAD'],
  zł: ['PLN'],
};

const ISO_CODES = new Set(Intl.supportedValuesOf('currency'));

/** True when a word is a currency: a symbol (`€`, `£`, `$`, `zł`) or an ISO code (`EUR`, any case). */
export function isCurrencyWord(word: string): boolean {
  return Object.hasOwn(SYMBOLS, word) || (/^[a-z]{3}$/i.test(word) && ISO_CODES.has(word.toUpperCase()));
}

/** The ISO codes a currency word may stand for. */
function codesOf(word: string): readonly string[] {
  return Object.hasOwn(SYMBOLS, word) ? SYMBOLS[word]! : [word.toUpperCase()];
}

/**
 * How many words of a command line an amount takes, so that `1 000,00 EUR pc-demo` gives the amount
 * `1 000,00 EUR`: a leading currency word, the digit groups of 3 that follow, and a trailing currency
 * (unless `withCurrency` is false, when the currency is a separate argument).
 */
export function amountWords(words: readonly string[], withCurrency = true): number {
  let n = 0;
  if (withCurrency && words.length > 1 && isCurrencyWord(words[0]!)) n = 1;
  if (n >= words.length) return Math.max(1, n);
  let last = words[n]!;
  n += 1;
  while (n < words.length && /^\D{0,3}\d{1,3}$/.test(last) && /^\d{3}([.,]\d*)?(\D{0,3})?$/.test(words[n]!)) {
    last = words[n]!;
    n += 1;
  }
  if (withCurrency && n < words.length && isCurrencyWord(words[n]!) && !/\D$/.test(last)) n += 1;
  return n;
}

/** A parsed amount, or why it was refused (with what to type instead). */
export type AmountResult =
  | { readonly ok: true; readonly minor: number }
  | { readonly ok: false; readonly code: ReplyCode; readonly message: Localized };

/** What an amount is checked against. */
export interface AmountRules {
  /** The only currency accepted (the account's). */
  readonly currency: string;
  /** Largest amount accepted, in minor units. */
  readonly maxMinor: number;
}

const fail = (code: ReplyCode, en: string, fr: string): AmountResult => ({ ok: false, code, message: { en, fr } });

/**
 * Parses an amount as people type it: `100`, `100.5`, `100,50`, `1 000,00`, `1,000.50`, `€100`,
 * `100 EUR`. Refuses another currency, zero, negative, more decimals than the currency has, exponent
 * notation, non-numbers and more than the maximum, each with what to type instead. Never uses floats.
 */
export function parseAmount(input: string, rules: AmountRules): AmountResult {
  const digits = minorDigits(rules.currency);
  const example = digits > 0 ? `100 ${rules.currency} or 100${digits >= 2 ? ',50' : ',5'}` : `100 ${rules.currency}`;
  const exampleFr = digits > 0 ? `100 ${rules.currency} ou 100${digits >= 2 ? ',50' : ',5'}` : `100 ${rules.currency}`;
  let s = input.replace(/[\u00a0\u202f\u2009\s]+/g, ' ').trim();
  const typedCurrencies: string[] = [];
  const prefix = /^(US\$|CA\$|C\$|€|£|\$|zł|[A-Za-z]{3})\s?/.exec(s);
  if (prefix && isCurrencyWord(prefix[1]!)) {
    typedCurrencies.push(prefix[1]!);
    s = s.slice(prefix[0].length);
  }
  const suffix = /\s?(€|£|\$|zł|[A-Za-z]{3})$/.exec(s);
  if (suffix && isCurrencyWord(suffix[1]!)) {
    typedCurrencies.push(suffix[1]!);
    s = s.slice(0, s.length - suffix[0].length);
  }
  for (const c of typedCurrencies) {
    if (!codesOf(c).includes(rules.currency)) {
      return fail(
        'AMOUNT.CURRENCY',
        `Amounts are in your account's currency, ${rules.currency}, not ${c.toUpperCase()}. Type e.g. ${example}.`,
        `Les montants sont dans la devise de votre compte, ${rules.currency}, pas ${c.toUpperCase()}. Tapez par ex. ${exampleFr}.`,
      );
    }
  }
  s = s.trim();
  if (/^[-−]/.test(s)) {
    return fail('AMOUNT.NEGATIVE', `The amount must be positive. Type e.g. ${example}.`, `Le montant doit être positif. Tapez par ex. ${exampleFr}.`);
  }
  s = s.replace(/^\+/, '');
  if (/^[\d.,]*\d[eE][+-]?\d+$/.test(s)) {
    return fail('AMOUNT.EXPONENT', `Write the amount in full, without exponent notation: e.g. 100000 rather than 1e5.`, `Écrivez le montant en entier, sans notation exponentielle : par ex. 100000 plutôt que 1e5.`);
  }
  const split = splitNumber(s);
  if (!split) {
    return fail('AMOUNT.NOT_A_NUMBER', `"${input.slice(0, 40)}" is not an amount. Type a number such as ${example}.`, `« ${input.slice(0, 40)} » n'est pas un montant. Tapez un nombre tel que ${exampleFr}.`);
  }
  const { whole, fraction } = split;
  if (fraction.length > digits) {
    return fail(
      'AMOUNT.DECIMALS',
      `${rules.currency} amounts have at most ${digits} decimals. Type e.g. ${example} (for thousands, write 1000 or 1 000).`,
      `Les montants en ${rules.currency} ont au plus ${digits} décimales. Tapez par ex. ${exampleFr} (pour les milliers, écrivez 1000 ou 1 000).`,
    );
  }
  const max = rules.maxMinor;
  const maxText = `${Math.floor(max / 10 ** digits)}`;
  if (whole.replace(/^0+/, '').length > 15) return tooLarge(maxText, rules.currency);
  const minor = Number(whole || '0') * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (minor === 0) {
    return fail('AMOUNT.ZERO', `The amount must be more than zero. Type e.g. ${example}.`, `Le montant doit être supérieur à zéro. Tapez par ex. ${exampleFr}.`);
  }
  if (minor > max) return tooLarge(maxText, rules.currency);
  return { ok: true, minor };
}

function tooLarge(maxText: string, currency: string): AmountResult {
  return fail(
    'AMOUNT.TOO_LARGE',
    `The amount is limited to ${maxText} ${currency}. Type ${maxText} or less (several orders are possible).`,
    `Le montant est limité à ${maxText} ${currency}. Tapez ${maxText} ou moins (plusieurs commandes sont possibles).`,
  );
}

/** Splits `1 000,50` / `1,000.50` / `1.000,50` / `100.5` into whole and fraction digits; undefined if malformed. */
function splitNumber(s: string): { whole: string; fraction: string } | undefined {
  if (!/^[\d .,]+$/.test(s) || !/\d/.test(s)) return undefined;
  const dots = (s.match(/\./g) ?? []).length;
  const commas = (s.match(/,/g) ?? []).length;
  let decimal: string | undefined;
  if (dots > 0 && commas > 0) decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
  else if (dots === 1) decimal = '.';
  else if (commas === 1) decimal = ',';
  let wholeText = s;
  let fraction = '';
  if (decimal) {
    const at = s.lastIndexOf(decimal);
    wholeText = s.slice(0, at);
    fraction = s.slice(at + 1);
    if (!/^\d*$/.test(fraction)) return undefined;
  }
  const groupSep = decimal === '.' ? ',' : decimal === ',' ? '.' : dots > 1 ? '.' : ',';
  if (/^\d*$/.test(wholeText)) return { whole: wholeText, fraction };
  const grouped = new RegExp(`^\\d{1,3}(?:[ ${groupSep === '.' ? '\\.' : ','}]\\d{3})+$`);
  if (!grouped.test(wholeText)) return undefined;
  return { whole: wholeText.replace(/[ .,]/g, ''), fraction };
}
