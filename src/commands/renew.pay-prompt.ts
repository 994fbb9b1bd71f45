import type { CommandContext } from '../core/command.js';
import { formatDate } from '../core/i18n.js';
import { fields, type Reply } from '../core/reply.js';
import { defaultPaymentMethod, type Account } from '../domain/account.js';
import { renewalQuote } from '../domain/renewal-order.js';
import type { Service } from '../domain/service.js';
import { askConfirmation } from './confirm-step.js';
import { money, moneyBoth, rateText } from './wallet.view.js';

/** How long the button that confirms a renewal payment stays valid. */
export const PAY_CONFIRMATION_MINUTES = 15;

/**
 * `/renew pay SERVICE` without `--yes`: shows what one more period costs (excl. tax, tax, total, the payment method,
 * the new expiry) and asks to confirm with a button, or by typing the command again with `--yes`. Nothing is charged.
 */
export function payPrompt(ctx: CommandContext, s: Service, payer: Account): Reply {
  const rate = ctx.config.taxRates[payer.subsidiary] ?? 0;
  const q = renewalQuote(s, payer, ctx.now, rate);
  const until = formatDate(new Date(q.until), ctx.locale, ctx.config.timeZone);
  const method = defaultPaymentMethod(payer)?.label ?? '—';
  const months = s.renewal!.periodMonths;
  const total = money(ctx, q.totalMinor, q.currency);
  return askConfirmation(ctx, {
    before: [
      fields([
        { label: ctx.t({ en: 'Renewal', fr: 'Renouvellement' }), value: ctx.t({ en: `${s.id}, ${months} month(s)`, fr: `${s.id}, ${months} mois` }) },
        { label: ctx.t({ en: 'Amount excl. tax', fr: 'Montant HT' }), value: money(ctx, q.exclMinor, q.currency) },
        { label: ctx.t({ en: `Tax (${rateText(ctx, rate)})`, fr: `TVA (${rateText(ctx, rate)})` }), value: money(ctx, q.taxMinor, q.currency) },
        { label: ctx.t({ en: 'Total incl. tax', fr: 'Total TTC' }), value: total },
        { label: ctx.t({ en: 'Paid with', fr: 'Payé avec' }), value: method },
        { label: ctx.t({ en: 'New expiry', fr: 'Nouvelle échéance' }), value: until },
      ]),
    ],
    ask: {
      en: `Nothing is charged yet. To pay ${total} with ${method} and renew ${s.id} until ${until}, confirm with the button (valid ${PAY_CONFIRMATION_MINUTES} minutes) or type /renew pay ${s.id} --yes.`,
      fr: `Rien n’est encore débité. Pour payer ${total} avec ${method} et renouveler ${s.id} jusqu’au ${until}, confirmez avec le bouton (valable ${PAY_CONFIRMATION_MINUTES} minutes) ou tapez /renew pay ${s.id} --yes.`,
    },
    button: {
      label: { en: `Pay ${moneyBoth(q.totalMinor, q.currency).en}`, fr: `Payer ${moneyBoth(q.totalMinor, q.currency).fr}` },
      command: `renew pay ${s.id} --yes`,
      ttlMinutes: PAY_CONFIRMATION_MINUTES,
    },
  });
}
