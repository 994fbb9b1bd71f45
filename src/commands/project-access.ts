import { z } from 'zod';
import { positional } from '../core/args.js';
import { requireRole, resolveService } from './access.js';
import type { CommandContext } from '../core/command.js';
import { isRefusal, refuse, type Refusal } from '../core/reply.js';
import { rolesOf, type ContactRole, type Service } from '../domain/service.js';

const PROJECT = { en: 'Public Cloud project', fr: 'projet Public Cloud' };

/** The optional `PROJECT` positional argument of wallet commands (resolved by `resolveProject`). */
export const projectArg = positional(z.string().min(1).max(128).optional(), {
  placeholder: 'PROJECT',
  complete: 'project',
  description: { en: 'the Public Cloud project (optional when you have only one)', fr: 'le projet Public Cloud (facultatif si vous n’en avez qu’un)' },
});

/**
 * The Public Cloud project a wallet command is about: the one named, or the caller's only project on
 * which they hold one of `roles`; refuses other kinds of services and callers without the role.
 */
export async function resolveProject(ctx: CommandContext, typed: string | undefined, roles: readonly ContactRole[]): Promise<Service | Refusal> {
  const found = await resolveService(
    ctx,
    typed,
    (s) => s.kind === 'public-cloud-project' && ctx.account !== undefined && rolesOf(s, ctx.account.id).some((r) => roles.includes(r)),
    PROJECT,
  );
  if (isRefusal(found)) return found;
  if (found.kind !== 'public-cloud-project') {
    return refuse('SERVICE.NOT_A_PROJECT', {
      en: `${found.id} is a ${found.kind}, not a Public Cloud project: credit and vouchers only apply to Public Cloud projects.`,
      fr: `${found.id} est un service ${found.kind}, pas un projet Public Cloud : crédit et vouchers ne s’appliquent qu’aux projets Public Cloud.`,
    });
  }
  return requireRole(ctx, found, roles) ?? found;
}
