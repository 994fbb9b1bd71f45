import { describe, expect, it } from 'vitest';
import { amountWords, isCurrencyWord, parseAmount } from '../src/domain/amount.js';

const EUR = { currency: 'EUR', maxMinor: 100_000_00 };

describe('parseAmount', () => {
  it.each([
    ['100', 10000],
    ['100.5', 10050],
    ['100,50', 10050],
    ['1 000,00', 100000],
    ['1\u00a0000,00', 100000],
    ['1,000.50', 100050],
    ['1.000,50', 100050],
    ['€100', 10000],
    ['€ 100', 10000],
    ['100 EUR', 10000],
    ['100 eur', 10000],
    ['EUR 100', 10000],
    ['100€', 10000],
    ['0.01', 1],
    ['100000', 100_000_00],
  ])('GIVEN the amount "%s" in EUR WHEN parsed THEN it is %i minor units', (typed, minor) => {
    expect(parseAmount(typed, EUR)).toEqual({ ok: true, minor });
  });

  it('GIVEN a GBP account WHEN the amount is typed with £ THEN it is accepted', () => {
    expect(parseAmount('£30', { currency: 'GBP', maxMinor: 100_000_00 })).toEqual({ ok: true, minor: 3000 });
  });

  it.each([
    ['100 GBP', 'AMOUNT.CURRENCY', /EUR/],
    ['£100', 'AMOUNT.CURRENCY', /EUR/],
    ['$100', 'AMOUNT.CURRENCY', /EUR/],
    ['0', 'AMOUNT.ZERO', /more than zero/],
    ['0,00', 'AMOUNT.ZERO', /more than zero/],
    ['-5', 'AMOUNT.NEGATIVE', /positive/],
    ['−5', 'AMOUNT.NEGATIVE', /positive/],
    ['100.505', 'AMOUNT.DECIMALS', /at most 2 decimals/],
    ['1,000', 'AMOUNT.DECIMALS', /1 000/],
    ['1e5', 'AMOUNT.EXPONENT', /100000/],
    ['1E+3', 'AMOUNT.EXPONENT', /without exponent/],
    ['abc', 'AMOUNT.NOT_A_NUMBER', /Type a number/],
    ['12abc', 'AMOUNT.NOT_A_NUMBER', /Type a number/],
    ['1 00', 'AMOUNT.NOT_A_NUMBER', /Type a number/],
    ['1..2', 'AMOUNT.NOT_A_NUMBER', /Type a number/],
    ['EUR', 'AMOUNT.NOT_A_NUMBER', /Type a number/],
    ['100001', 'AMOUNT.TOO_LARGE', /100000 or less/],
    ['99999999999999999999', 'AMOUNT.TOO_LARGE', /100000 or less/],
  ])('GIVEN the bad amount "%s" WHEN parsed THEN it is refused with %s and what to type', (typed, code, hint) => {
    const r = parseAmount(typed, EUR);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(code);
    expect(r.message.en).toMatch(hint);
    expect(r.message.fr.length).toBeGreaterThan(10);
  });

  it('GIVEN a configured maximum WHEN the amount is just above THEN it is refused, and the maximum itself is accepted', () => {
    const rules = { currency: 'EUR', maxMinor: 500_00 };
    expect(parseAmount('500', rules)).toEqual({ ok: true, minor: 500_00 });
    expect(parseAmount('500,01', rules)).toMatchObject({ ok: false, code: 'AMOUNT.TOO_LARGE' });
  });
});

describe('currency words', () => {
  it('GIVEN names every object has (toString, constructor, __proto__) WHEN typed beside an amount THEN they are not currencies', () => {
    expect(isCurrencyWord('toString')).toBe(false);
    expect(isCurrencyWord('constructor')).toBe(false);
    expect(isCurrencyWord('__proto__')).toBe(false);
    expect(isCurrencyWord('€')).toBe(true);
    expect(isCurrencyWord('eur')).toBe(true);
    expect(parseAmount('100toString', { currency: 'EUR', maxMinor: 500_00 })).toMatchObject({ ok: false });
  });
});

describe('amountWords', () => {
  it.each([
    [['1', '000,00', 'EUR', 'pc-demo'], 3],
    [['100', 'pc-demo'], 1],
    [['100', 'EUR', 'pc-demo'], 2],
    [['€', '100', 'pc-demo'], 2],
    [['€100', 'pc-demo'], 1],
    [['1', '000', '000'], 3],
    [['100,50'], 1],
    [['100000', '000'], 1],
    [['100', 'toString', 'pc-demo'], 1],
    [['constructor', '100', 'pc-demo'], 1],
  ])('GIVEN the words %j WHEN an amount is taken THEN it takes %i', (words, n) => {
    expect(amountWords(words)).toBe(n);
  });

  it('GIVEN the currency is a separate argument WHEN an amount is taken THEN it leaves the currency', () => {
    expect(amountWords(['50.00', 'EUR'], false)).toBe(1);
    expect(amountWords(['1', '000', 'EUR'], false)).toBe(2);
  });
});
