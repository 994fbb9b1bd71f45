import { z } from 'zod';

/** `order.CurrencyCodeEnum`. */
export const CURRENCY_CODES = ['AUD', 'CAD', 'CZK', 'EUR', 'GBP', 'INR', 'LTL', 'MAD', 'N/A', 'PLN', 'SGD', 'TND', 'USD', 'XOF', 'points'] as const;

/** A `datetime` or `date` as the API writes it (ISO 8601 text). */
export const IsoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date');

/** `order.Price` as in `cloud.json` and `service.json` (no `priceInUcents`). */
export const Price = z.object({ currencyCode: z.enum(CURRENCY_CODES), text: z.string(), value: z.number() });

/** `order.Price` as in `me.json`, `order.json` and `services.json` (with `priceInUcents`, 10^-8 of the unit). */
export const PriceWithUcents = Price.extend({ priceInUcents: z.number().int().nullable() });

/** A price as the API gives it. */
export type OvhPrice = z.output<typeof Price> & { priceInUcents?: number | null };

/** A long (64-bit integer the API writes as a JSON number). */
export const Long = z.number().int();

/** A list of IDs. */
export const Ids = z.array(Long);

/**
 * A price in integer minor units (cents): from `priceInUcents` when the API gives it (exact), else from
 * `value` rounded to two decimals.
 */
export function toMinorUnits(price: OvhPrice): number {
  if (typeof price.priceInUcents === 'number') return Math.round(price.priceInUcents / 1_000_000);
  return Math.round(price.value * 100);
}
