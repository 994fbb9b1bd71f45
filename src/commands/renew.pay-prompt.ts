import type { CommandContext } from '../core/command.js';
import { formatDate } from '../core/i18n.js';
import { fields, isRefusal, type Refusal, type Reply } from '../core/reply.js';
import type { Account } from '../domain/account.js';
import type { Service } from '../domain/service.js';
import { askConfirmation } from './confirm-step.js';
import { money, moneyBoth, rateText } from './wallet.view.js';

/** How long the button that confirms a renewal payment stays valid. */
export const PAY_CONFIRMATION_MINUTES = 15;

/**
 * `/renew pay SERVICE` without `--yes`: shows what one more period costs (excl. tax, tax, total, the payment method,
 * the new expiry, as the provider quotes it) and asks to confirm with a button, or by typing the command again with
 * `--yes`. Nothing is charged; a payer that cannot pay is refused at once.
 */
export async function payPrompt(ctx: CommandContext, s: Service, payer: Account): Promise<Reply | Refusal> {
  const months = s.renewal!.periodMonths;
  const q = ctx.provider.services.quoteRenewal ? await ctx.provider.services.quoteRenewal(s, payer) : undefined;
  if (q && isRefusal(q)) return q;
  if (!q) {
    return askConfirmation(ctx, {
      ask: {
        en: `Nothing is charged yet. Renewing ${s.id} for ${months} month(s) orders it from the provider, which sets the price, and pays it with your default payment method. Confirm with the button (valid ${PAY_CONFIRMATION_MINUTES} minutes) or type /renew pay ${s.id} --yes.`,
        fr: `Rien n’est encore débité. Renouveler ${s.id} pour ${months} mois le commande auprès du fournisseur, qui en fixe le prix, et le paie avec votre moyen de paiement par défaut. Confirmez avec le bouton (valable ${PAY_CONFIRMATION_MINUTES} minutes) ou tapez /renew pay ${s.id} --yes.`,
      },
      button: { label: { en: `Renew ${s.id}`, fr: `Renouveler ${s.id}` }, command: `renew pay ${s.id} --yes`, ttlMinutes: PAY_CONFIRMATION_MINUTES },
    });
  }
  const until = formatDate(new Date(q.until), ctx.locale, ctx.config.timeZone);
  const method = q.methodLabel;
  const total = money(ctx, q.totalMinor, q.currency);
  return askConfirmation(ctx, {
    before: [
      fields([
        { label: ctx.t({ en: 'Renewal', fr: 'Renouvellement' }), value: ctx.t({ en: `${s.id}, ${months} month(s)`, fr: `${s.id}, ${months} mois` }) },
        { label: ctx.t({ en: 'Amount excl. tax', fr: 'Montant HT' }), value: money(ctx, q.exclMinor, q.currency) },
        { label: ctx.t({ en: `Tax (${rateText(ctx, q.taxRateBp)})`, fr: `TVA (${rateText(ctx, q.taxRateBp)})` }), value: money(ctx, q.taxMinor, q.currency) },
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
