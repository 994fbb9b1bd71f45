import { z } from 'zod';
import { requireRole } from './access.js';
import { positional } from '../core/args.js';
import { defineCommand } from '../core/command.js';
import { isRefusal, refuse, reply, text } from '../core/reply.js';
import { hashSecret, secretMatches } from '../domain/confirmation.js';
import { randomCode } from '../domain/ids.js';
import { askConfirmation } from './confirm-step.js';
import { renewalService, serviceArg } from './renew.shared.js';

/** How long a deletion confirmation (token and button) stays valid. */
export const DELETE_CONFIRMATION_MINUTES = 15;

/**
 * `/renew delete-now SERVICE [TOKEN]`: without a token, asks for confirmation (a Danger button and a
 * token sent privately, both valid 15 minutes); with the token (or through the button), deletes the
 * service at once and for good.
 */
export const deleteNow = defineCommand({
  name: 'delete-now',
  summary: { en: 'Delete a service immediately and permanently, after confirmation', fr: 'Supprimer un service immédiatement et définitivement, après confirmation' },
  args: z.object({
    service: serviceArg(),
    token: positional(z.string().trim().min(4).max(64).optional(), {
      placeholder: 'TOKEN',
      secret: true,
      description: { en: 'the confirmation token sent to you privately', fr: 'le code de confirmation reçu en privé' },
    }),
  }),
  access: 'linked',
  examples: ['delete-now vps-demo-1', 'delete-now vps-demo-1 K7M2Q9XPRT'],
  async run(ctx, args) {
    const s = await renewalService(ctx, args.service);
    if (isRefusal(s)) return s;
    const denied = requireRole(ctx, s, ['admin']);
    if (denied) return denied;
    const id = `delete:${s.id}`;
    if (!args.token) {
      const sent = await ctx.provider.services.requestDeletion(s);
      if (isRefusal(sent)) return sent;
      const nonce = randomCode(24);
      const expires = new Date(ctx.now.getTime() + DELETE_CONFIRMATION_MINUTES * 60_000);
      // The button's nonce first, then the token Guichet made (the ledger's), if any.
      const hashes = [hashSecret(nonce), ...(sent.tokenHash ? [sent.tokenHash] : [])];
      ctx.tx.confirmations.put({ id, account: ctx.account!.id, requestedBy: ctx.chatUser, hashes, expiresAt: expires.toISOString() });
      ctx.audit('renew.delete-requested', s.id);
      const where = sent.byProviderEmail
        ? { en: 'the token the provider e-mailed to your account (also in /account emails)', fr: 'le code envoyé par e-mail à votre compte par le fournisseur (aussi dans /account emails)' }
        : { en: `the token sent to you privately (${sent.recipients} chat user(s), and /account emails)`, fr: `le code reçu en privé (${sent.recipients} utilisateur(s), et /account emails)` };
      return askConfirmation(ctx, {
        ask: {
          en: `⚠ Deleting ${s.id} is immediate and permanent. Confirm with the button, or type /renew delete-now ${s.id} TOKEN with ${where.en}. Both are valid ${DELETE_CONFIRMATION_MINUTES} minutes.`,
          fr: `⚠ La suppression de ${s.id} est immédiate et définitive. Confirmez avec le bouton, ou tapez /renew delete-now ${s.id} CODE avec ${where.fr}. Les deux sont valables ${DELETE_CONFIRMATION_MINUTES} minutes.`,
        },
        button: {
          label: { en: `Delete ${s.id} now`, fr: `Supprimer ${s.id} maintenant` },
          command: `renew delete-now ${s.id} ${nonce}`,
          typed: `renew delete-now ${s.id} TOKEN`,
          style: 'danger',
          ttlMinutes: DELETE_CONFIRMATION_MINUTES,
          confirm: {
            title: { en: `Delete ${s.id}?`, fr: `Supprimer ${s.id} ?` },
            text: { en: `${s.id} and its data will be deleted at once. This cannot be undone.`, fr: `${s.id} et ses données seront supprimés immédiatement. C’est irréversible.` },
          },
        },
      });
    }
    const pending = await ctx.tx.confirmations.get(id);
    if (!pending) {
      return refuse('RENEW.NO_CONFIRMATION', { en: `No deletion of ${s.id} is waiting for confirmation. Ask first with /renew delete-now ${s.id}.`, fr: `Aucune suppression de ${s.id} n’attend de confirmation. Demandez-la d’abord avec /renew delete-now ${s.id}.` });
    }
    if (new Date(pending.expiresAt) <= ctx.now) {
      return refuse('RENEW.TOKEN_EXPIRED', { en: `This confirmation has expired (valid ${DELETE_CONFIRMATION_MINUTES} minutes). Ask again with /renew delete-now ${s.id}.`, fr: `Cette confirmation a expiré (valable ${DELETE_CONFIRMATION_MINUTES} minutes). Redemandez avec /renew delete-now ${s.id}.` });
    }
    const [nonceHash = '', ...tokenHashes] = pending.hashes;
    const proof = secretMatches(args.token, [nonceHash]) ? { button: true as const } : { token: args.token };
    if ('token' in proof) {
      const wait = await ctx.secretAttemptsWait();
      if (wait > 0) {
        return refuse('RENEW.TOO_MANY_GUESSES', {
          en: `Too many wrong tokens from you lately. Try again in ${Math.ceil(wait / 60)} minute(s), with the token from /account emails.`,
          fr: `Trop de codes erronés de votre part récemment. Réessayez dans ${Math.ceil(wait / 60)} minute(s), avec le code de /account emails.`,
        });
      }
    }
    const deleted = await ctx.provider.services.confirmDeletion(s, proof, tokenHashes);
    if (isRefusal(deleted) && deleted.code === 'RENEW.BAD_TOKEN') {
      // Counted like any wrong token and recorded as refused: a reply, not a refusal, so both are committed.
      await ctx.countWrongSecret();
      ctx.audit('renew.bad-token', s.id, {}, 'refused');
      return reply([text(ctx.t(deleted.message))], { tone: 'error', code: deleted.code });
    }
    if (isRefusal(deleted)) return deleted;
    ctx.tx.confirmations.remove(id);
    ctx.audit('renew.delete-now', s.id, { mode: s.renewal!.mode });
    return reply([text(ctx.t({ en: `${s.id} has been deleted, permanently.`, fr: `${s.id} a été supprimé, définitivement.` }))], { tone: 'success' });
  },
});
