import { z } from 'zod';
import { positional } from '../core/args.js';
import { defineCommand, type CommandFamily } from '../core/command.js';
import { fields, isRefusal, refuse, reply, text } from '../core/reply.js';
import { VOUCHER_NOT_AVAILABLE, voucherCodeSchema } from '../domain/voucher.js';
import { projectArg, resolveProject } from './project-access.js';
import { day, money } from './wallet.view.js';

const activate = defineCommand({
  name: 'activate',
  summary: { en: 'Activate a voucher code on a Public Cloud project', fr: 'Activer un code voucher sur un projet Public Cloud' },
  args: z.object({
    code: positional(voucherCodeSchema(), { placeholder: 'CODE', description: { en: 'the voucher code (case does not matter)', fr: 'le code du voucher (majuscules ou minuscules)' } }),
    project: projectArg,
  }),
  access: 'linked',
  examples: ['activate WELCOME-50 pc-demo'],
  async run(ctx, args) {
    const project = await resolveProject(ctx, args.project, ['admin', 'billing']);
    if (isRefusal(project)) return project;
    // The voucher is read along with the caller's attempt counter: one store round trip for both (the ledger's
    // activation below reads it again from the unit of work, which keeps what it read together).
    const [wait] = await Promise.all([ctx.secretAttemptsWait('voucher'), ctx.tx.vouchers.get(args.code)]);
    if (wait > 0) {
      return refuse('VOUCHER.TOO_MANY_TRIES', {
        en: `Too many voucher codes that could not be activated from you lately. Try again in ${Math.ceil(wait / 60)} minute(s), checking the code as written on the voucher.`,
        fr: `Trop de codes voucher inutilisables de votre part récemment. Réessayez dans ${Math.ceil(wait / 60)} minute(s), en vérifiant le code tel qu’il est écrit sur le voucher.`,
      });
    }
    const voucher = await ctx.provider.wallet.activateVoucher(project, args.code);
    if (isRefusal(voucher) && voucher.code === VOUCHER_NOT_AVAILABLE) {
      // Counted per chat user like wrong tokens, and audited as refused (a reply, not a refusal, so the record commits).
      await ctx.countWrongSecret('voucher');
      ctx.audit('voucher.refused', project.id, { code: args.code }, 'refused');
      return reply([text(ctx.t(voucher.message))], { tone: 'error', code: voucher.code });
    }
    if (isRefusal(voucher)) return voucher;
    const expiresAt = voucher.expiresAt;
    ctx.audit('voucher.activate', project.id, { code: voucher.code, amountMinor: voucher.amountMinor, currency: voucher.currency });
    return reply(
      [
        text(ctx.t({ en: `Voucher ${voucher.code} activated on ${project.id}.`, fr: `Voucher ${voucher.code} activé sur ${project.id}.` })),
        fields([
          { label: ctx.t({ en: 'Balance', fr: 'Solde' }), value: money(ctx, voucher.amountMinor, voucher.currency) },
          { label: ctx.t({ en: 'Valid until', fr: 'Valable jusqu’au' }), value: day(ctx, expiresAt) },
        ]),
        text(ctx.t({
          en: 'Vouchers are used before cloud credit, the one expiring soonest first. See /credit list.',
          fr: 'Les vouchers sont utilisés avant le crédit cloud, celui qui expire le plus tôt d’abord. Voir /credit list.',
        })),
      ],
      { tone: 'success' },
    );
  },
});

/** `/voucher`: activate a voucher code on a project. */
export const voucherFamily: CommandFamily = {
  name: 'voucher',
  summary: { en: 'Activate a voucher on a Public Cloud project', fr: 'Activer un voucher sur un projet Public Cloud' },
  commands: [activate],
};
