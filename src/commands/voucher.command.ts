import { z } from 'zod';
import { positional } from '../core/args.js';
import { defineCommand, type CommandFamily } from '../core/command.js';
import { fields, isRefusal, refuse, reply, text } from '../core/reply.js';
import { rolesOf } from '../domain/service.js';
import { voucherAvailability, voucherCodeSchema, voucherExpiry } from '../domain/voucher.js';
import { WalletBook } from '../domain/wallet-book.js';
import { resolveProject } from './project-access.js';
import { day, money } from './wallet.view.js';

const activate = defineCommand({
  name: 'activate',
  summary: { en: 'Activate a voucher code on a Public Cloud project', fr: 'Activer un code voucher sur un projet Public Cloud' },
  args: z.object({
    code: positional(voucherCodeSchema(), { placeholder: 'CODE', description: { en: 'the voucher code (case does not matter)', fr: 'le code du voucher (majuscules ou minuscules)' } }),
    project: positional(z.string().min(1).max(128).optional(), {
      placeholder: 'PROJECT',
      complete: 'project',
      description: { en: 'the Public Cloud project (optional when you have only one)', fr: 'le projet Public Cloud (facultatif si vous n’en avez qu’un)' },
    }),
  }),
  access: 'linked',
  examples: ['activate WELCOME-50 pc-demo'],
  async run(ctx, args) {
    const project = await resolveProject(ctx, args.project, ['admin', 'billing']);
    if (isRefusal(project)) return project;
    const code = args.code;
    const wait = ctx.secretAttemptsWait('voucher');
    if (wait > 0) {
      return refuse('VOUCHER.TOO_MANY_TRIES', {
        en: `Too many voucher codes that could not be activated from you lately. Try again in ${Math.ceil(wait / 60)} minute(s), checking the code as written on the voucher.`,
        fr: `Trop de codes voucher inutilisables de votre part récemment. Réessayez dans ${Math.ceil(wait / 60)} minute(s), en vérifiant le code tel qu’il est écrit sur le voucher.`,
      });
    }
    const found = await ctx.tx.vouchers.get(code);
    const availability = voucherAvailability(found, ctx.now);
    if (availability === 'used' && found?.activatedOn) {
      // Only the contacts of the project it was activated on learn where and when.
      const on = await ctx.tx.services.get(found.activatedOn);
      if (on && rolesOf(on, ctx.account!.id).length > 0) {
        return refuse('VOUCHER.ALREADY_USED', {
          en: `Voucher ${code} was already activated on ${on.id}, ${day(ctx, found.activatedAt!)}; a code can be activated only once.`,
          fr: `Le voucher ${code} a déjà été activé sur ${on.id}, le ${day(ctx, found.activatedAt!)} ; un code ne s’active qu’une seule fois.`,
        });
      }
    }
    if (availability !== 'available' || !found) {
      // One answer for unknown, expired and used codes; the try is counted and audited (a reply, so the record commits).
      ctx.countWrongSecret('voucher');
      ctx.audit('voucher.refused', project.id, { code, reason: availability }, 'refused');
      return reply([text(ctx.t({
        en: `Voucher ${code} cannot be activated: it is unknown, expired or already used. Check the code as written on the voucher (letters, digits and dashes; case does not matter).`,
        fr: `Le voucher ${code} ne peut pas être activé : il est inconnu, expiré ou déjà utilisé. Vérifiez le code tel qu’il est écrit sur le voucher (lettres, chiffres et tirets ; la casse ne compte pas).`,
      }))], { tone: 'error', code: 'VOUCHER.NOT_AVAILABLE' });
    }
    const voucher = found;
    const owner = await ctx.tx.accounts.get(project.owner);
    if (voucher.subsidiary && owner?.subsidiary !== voucher.subsidiary) {
      return refuse('VOUCHER.SUBSIDIARY', {
        en: `Voucher ${code} is only valid for projects of the ${voucher.subsidiary} subsidiary; ${project.id} belongs to an account of ${owner?.subsidiary ?? '?'}.`,
        fr: `Le voucher ${code} n’est valable que pour les projets de la filiale ${voucher.subsidiary} ; ${project.id} appartient à un compte de ${owner?.subsidiary ?? '?'}.`,
      });
    }
    const book = await WalletBook.open(ctx.tx, project, ctx.now);
    if (book.wallet.currency !== voucher.currency) {
      return refuse('VOUCHER.CURRENCY', {
        en: `Voucher ${code} is in ${voucher.currency} but ${project.id} is billed in ${book.wallet.currency}.`,
        fr: `Le voucher ${code} est en ${voucher.currency} mais ${project.id} est facturé en ${book.wallet.currency}.`,
      });
    }
    const expiresAt = voucherExpiry(voucher, ctx.now).toISOString();
    book.add({
      id: `V-${voucher.code}`,
      kind: 'voucher',
      initialMinor: voucher.amountMinor,
      balanceMinor: voucher.amountMinor,
      currency: voucher.currency,
      createdAt: ctx.now.toISOString(),
      expiresAt,
      state: 'active',
      orderId: null,
      voucherCode: voucher.code,
      expiredMinor: 0,
      finishedAt: null,
    });
    book.save();
    ctx.tx.vouchers.put({ ...voucher, activatedOn: project.id, activatedAt: ctx.now.toISOString(), activatedBy: ctx.account!.id });
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
