import { z } from 'zod';
import { positional } from '../core/args.js';
import type { CommandContext } from '../core/command.js';
import { refuse, type Refusal } from '../core/reply.js';
import { parseAmount } from '../domain/amount.js';
import { amountWords } from '../domain/amount.js';

/** An AMOUNT positional that may span words (`1 000,00 EUR`); `withCurrency` false leaves a trailing currency to the next argument. */
export function amountArg(withCurrency = true) {
  return positional(z.string().min(1).max(60), {
    placeholder: 'AMOUNT',
    description: withCurrency
      ? { en: 'amount excl. tax, e.g. 100, 100,50, 1 000,00 or 100 EUR', fr: 'montant HT, par ex. 100, 100,50, 1 000,00 ou 100 EUR' }
      : { en: 'amount, e.g. 50 or 50.00', fr: 'montant, par ex. 50 ou 50,00' },
    take: (words) => amountWords(words, withCurrency),
  });
}

/** Parses a typed amount in a currency, up to the configured maximum; a refusal says what to type instead. */
export function amountIn(ctx: CommandContext, typed: string, currency: string): number | Refusal {
  const parsed = parseAmount(typed, { currency, maxMinor: ctx.config.creditMaxMinor });
  return parsed.ok ? parsed.minor : refuse(parsed.code, parsed.message);
}
