import type { CommandContext } from '../core/command.js';
import { refuse, type Refusal } from '../core/reply.js';
import type { ContactRequest } from '../domain/contact-request.js';
import { DEFAULT_CONTACT_REQUEST_LIMITS, requestLimitReached, type ContactRequestLimits } from '../domain/contact-request-limits.js';
import { bothDates } from '../domain/contact-texts.js';
import { addDays } from '../domain/time.js';

/** Requests concerning an account created recently enough to count against its limits (newest first, at most 500). */
async function recentConcerning(ctx: CommandContext, accountId: string, limits: ContactRequestLimits): Promise<ContactRequest[]> {
  const since = addDays(ctx.now, -(limits.days + ctx.config.contactRequestTtlDays)).toISOString();
  const out: ContactRequest[] = [];
  let after: string | undefined;
  for (let i = 0; i < 5; i++) {
    const page = await ctx.tx.contactRequests.listForAccount(accountId, after, 100);
    out.push(...page.items);
    if (!page.next || page.items.some((r) => r.createdAt < since)) break;
    after = page.next;
  }
  return out;
}

/**
 * Refuses a request that would flood the target with token notices (see `requestLimitReached`). The target is
 * claimed first: the scan of its requests is not checked at commit, the claim is, so of two openings naming it at
 * once the second re-runs and its scan sees the first.
 */
export async function checkTargetLimits(ctx: CommandContext, target: string, alsoNamedHere: number): Promise<Refusal | undefined> {
  const limits = ctx.config.contactRequestLimits ?? DEFAULT_CONTACT_REQUEST_LIMITS;
  await ctx.tx.contactRequests.claimTarget(target);
  const recent = await recentConcerning(ctx, target, limits);
  const room = { ...limits, open: limits.open - alsoNamedHere };
  const hit = requestLimitReached(recent, target, ctx.account!.id, ctx.now, room);
  if (!hit) return undefined;
  if (hit.kind === 'open') {
    return refuse('CONTACTS.TARGET_LIMIT', {
      en: `${target} already has ${limits.open} open contact-change requests naming it; ask again once one of them is accepted, refused or expired.`,
      fr: `${target} a déjà ${limits.open} demandes de changement de contact en cours qui le visent ; redemandez quand l’une d’elles aura été acceptée, refusée ou aura expiré.`,
    });
  }
  const until = bothDates(hit.until.toISOString(), ctx.config.timeZone);
  return refuse('CONTACTS.TARGET_LIMIT', {
    en: `${limits.refused} of your requests naming ${target} were refused or expired within ${limits.days} days; you can ask again from ${until.en}.`,
    fr: `${limits.refused} de vos demandes visant ${target} ont été refusées ou ont expiré en ${limits.days} jours ; vous pourrez redemander à partir du ${until.fr}.`,
  });
}
