import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from '../src/domain/i18n.js';
import { available, byUsage, expireEntries, emptyWallet, type WalletEntry } from '../src/domain/wallet.js';

const intl = (d: Date, time: boolean, locale: string) =>
  new Intl.DateTimeFormat(locale, time ? { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' } : { dateStyle: 'medium', timeZone: 'Europe/Paris' }).format(d);

describe('formatted dates kept by whole second', () => {
  it('GIVEN instants of one second and of the next minute WHEN formatted THEN each reads as Intl formats it', () => {
    const instants = ['2027-12-31T22:59:59.001Z', '2027-12-31T22:59:59.999Z', '2027-12-31T23:00:00.000Z', '2027-12-31T23:00:00.500Z'].map((s) => new Date(s));
    for (const d of instants) {
      expect(formatDateTime(d, 'en', 'Europe/Paris')).toBe(intl(d, true, 'en-GB'));
      expect(formatDateTime(d, 'fr', 'Europe/Paris')).toBe(intl(d, true, 'fr-FR'));
      expect(formatDate(d, 'en', 'Europe/Paris')).toBe(intl(d, false, 'en-GB'));
    }
    expect(formatDate(instants[1]!, 'en', 'Europe/Paris')).not.toBe(formatDate(instants[2]!, 'en', 'Europe/Paris'));
  });
});

describe('wallet instants compared as text', () => {
  const entry = (id: string, expiresAt: string, kind: 'credit' | 'voucher' = 'credit'): WalletEntry => ({
    id, kind, initialMinor: 100, balanceMinor: 100, currency: 'EUR', createdAt: '2026-01-01T00:00:00.000Z', expiresAt,
    state: 'active', orderId: null, voucherCode: null, expiredMinor: 0, finishedAt: null,
  });
  const wallet = { ...emptyWallet('pc-1', 'acc-1', 'EUR'), entries: [entry('A', '2026-06-01T10:00:00.000Z'), entry('B', '2026-06-01T10:00:00.001Z')] };

  it('GIVEN an entry expiring exactly now WHEN expired THEN it is lost and the one a millisecond later is still available', () => {
    const now = new Date('2026-06-01T10:00:00.000Z');
    expect(expireEntries(wallet, now).finished.map((e) => e.id)).toEqual(['A']);
    expect(available(wallet, now)).toBe(100);
  });

  it('GIVEN entries of both kinds WHEN sorted by usage THEN vouchers first, then soonest expiring', () => {
    const mixed = [entry('C', '2027-01-01T00:00:00.000Z'), entry('V', '2028-01-01T00:00:00.000Z', 'voucher'), entry('D', '2026-12-31T23:59:59.999Z')];
    expect(mixed.sort(byUsage).map((e) => e.id)).toEqual(['V', 'D', 'C']);
  });
});
