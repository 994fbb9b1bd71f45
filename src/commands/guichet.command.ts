import { z } from 'zod';
import { positional, rest } from '../core/args.js';
import { defineCommand, type CommandFamily, type CommandSpec } from '../core/command.js';
import { helpFamily, helpOverview, helpSubcommand } from './help.js';
import { formatDateTime } from '../core/i18n.js';
import { chatUserKey, parseChatUser, parseExactChatUser } from '../core/identity.js';
import type { CommandRegistry } from '../core/registry.js';
import { refuse, reply, table, text } from '../core/reply.js';
import { AccountId } from '../domain/account.js';

const chatUserMeta = {
  placeholder: 'CHAT-USER',
  description: { en: 'the chat user: console:NAME, slack:TEAM/USER or discord:GUILD/USER', fr: 'l’utilisateur : console:NOM, slack:EQUIPE/UTILISATEUR ou discord:SERVEUR/UTILISATEUR' },
};

/** One exact chat user (the parsed value is checked, not the typed text): a link never becomes a pattern. */
const ExactChatUserArg = positional(
  z.string().refine((s) => parseExactChatUser(s) !== undefined, {
    message: 'write it as console:NAME, slack:TEAM/USER or discord:GUILD/USER',
  }),
  chatUserMeta,
);

/** A chat user to unlink; `discord:USER` still names the server-less links written before links were exact. */
const ChatUserArg = positional(
  z.string().refine((s) => parseChatUser(s) !== undefined && !s.includes('*'), {
    message: 'write it as console:NAME, slack:TEAM/USER or discord:GUILD/USER',
  }),
  chatUserMeta,
);

function help(registry: () => CommandRegistry): CommandSpec {
  return defineCommand({
    name: 'help',
    readOnly: true,
    summary: { en: 'List the commands, or explain one', fr: 'Lister les commandes, ou en expliquer une' },
    args: z.object({
      command: rest(z.string().max(120).optional(), {
        placeholder: 'COMMAND',
        description: { en: 'a command, and optionally its subcommand, e.g. credit or renew delete-now', fr: 'une commande, et éventuellement sa sous-commande, par ex. credit ou renew delete-now' },
      }),
    }),
    access: 'anyone',
    examples: ['help', 'help credit', 'help renew delete-now'],
    async run(ctx, args) {
      if (!args.command) return helpOverview(registry(), ctx.locale);
      const [name = '', ...words] = args.command.trim().split(/\s+/);
      const family = registry().find(name);
      if (family && words.length === 0) return helpFamily(family, ctx.locale);
      if (family) {
        const one = helpSubcommand(family, words.join(' '), ctx.locale);
        if (one) return one;
        const sub = words.join(' ').slice(0, 40);
        return refuse('COMMAND.UNKNOWN_SUBCOMMAND', {
          en: `\`${sub}\` is not a /${family.name} command. Type /guichet help ${family.name} for its commands.`,
          fr: `\`${sub}\` n’est pas une commande /${family.name}. Tapez /guichet help ${family.name} pour ses commandes.`,
        });
      }
      const guess = registry().suggest(name);
      return refuse('COMMAND.UNKNOWN', {
        en: `There is no /${name.slice(0, 30)} command.${guess ? ` Did you mean /${guess}?` : ''} Type /guichet help for the list.`,
        fr: `La commande /${name.slice(0, 30)} n’existe pas.${guess ? ` Vouliez-vous dire /${guess} ?` : ''} Tapez /guichet help pour la liste.`,
      });
    },
  });
}

const link = defineCommand({
  name: 'admin link',
  summary: { en: 'Link a chat user to a customer account (operators)', fr: 'Lier un utilisateur de chat à un compte client (opérateurs)' },
  args: z.object({
    chatUser: ExactChatUserArg,
    account: positional(AccountId, { placeholder: 'ACCOUNT', complete: 'account', description: { en: 'the customer ID, e.g. alice-ovh', fr: 'l’identifiant client, par ex. alice-ovh' } }),
  }),
  access: 'operator',
  examples: ['admin link slack:T0123/U0456 alice-ovh'],
  async run(ctx, args) {
    const account = await ctx.tx.accounts.get(args.account);
    if (!account) return refuse('ACCOUNT.NOT_FOUND', { en: `There is no account ${args.account}.`, fr: `Le compte ${args.account} n’existe pas.` });
    const key = chatUserKey(parseExactChatUser(args.chatUser)!);
    const before = await ctx.tx.links.get(key);
    if (before?.account === account.id) {
      return reply([text(ctx.t({ en: `${key} is already linked to ${account.id}.`, fr: `${key} est déjà lié à ${account.id}.` }))]);
    }
    await ctx.tx.links.put({ chatUser: key, account: account.id, linkedBy: ctx.chatUser, linkedAt: ctx.now.toISOString() });
    ctx.audit('admin.link', key, { account: account.id, previous: before?.account ?? null });
    const moved = before ? ctx.t({ en: ` (was ${before.account})`, fr: ` (était ${before.account})` }) : '';
    return reply([text(ctx.t({ en: `Linked ${key} to ${account.id}${moved}.`, fr: `${key} est lié à ${account.id}${moved}.` }))], { tone: 'success' });
  },
});

const unlink = defineCommand({
  name: 'admin unlink',
  summary: { en: 'Remove the link of a chat user (operators)', fr: 'Supprimer le lien d’un utilisateur de chat (opérateurs)' },
  args: z.object({ chatUser: ChatUserArg }),
  access: 'operator',
  async run(ctx, args) {
    const key = chatUserKey(parseChatUser(args.chatUser)!);
    const before = await ctx.tx.links.get(key);
    if (!before) return refuse('LINK.NOT_FOUND', { en: `${key} is not linked to any account.`, fr: `${key} n’est lié à aucun compte.` });
    await ctx.tx.links.remove(key);
    ctx.audit('admin.unlink', key, { account: before.account });
    return reply([text(ctx.t({ en: `Unlinked ${key} from ${before.account}.`, fr: `${key} n’est plus lié à ${before.account}.` }))], { tone: 'success' });
  },
});

const links = defineCommand({
  name: 'admin links',
  readOnly: true,
  summary: { en: 'List links between chat users and accounts (operators)', fr: 'Lister les liens entre utilisateurs et comptes (opérateurs)' },
  args: z.object({
    account: positional(AccountId.optional(), { placeholder: 'ACCOUNT', complete: 'account', description: { en: 'only this account’s links', fr: 'seulement les liens de ce compte' } }),
  }),
  access: 'operator',
  async run(ctx, args) {
    const list = args.account ? await ctx.tx.links.listForAccount(args.account) : (await ctx.tx.links.list(undefined, 100)).items;
    if (list.length === 0) return reply([text(ctx.t({ en: 'No link.', fr: 'Aucun lien.' }))]);
    return reply([
      table(
        [ctx.t({ en: 'Chat user', fr: 'Utilisateur' }), ctx.t({ en: 'Account', fr: 'Compte' }), ctx.t({ en: 'Linked', fr: 'Lié le' })],
        list.map((l) => [l.chatUser, l.account, formatDateTime(new Date(l.linkedAt), ctx.locale, ctx.config.timeZone)]),
      ),
    ]);
  },
});

const auditLog = defineCommand({
  name: 'admin audit',
  readOnly: true,
  summary: { en: 'Show the latest entries of the audit log (operators)', fr: 'Afficher les dernières entrées du journal d’audit (opérateurs)' },
  args: z.object({
    count: positional(z.coerce.number().int().min(1).max(200).optional(), { placeholder: 'N', type: 'integer', description: { en: 'how many entries (1–200, default 20)', fr: 'combien d’entrées (1–200, 20 par défaut)' } }),
  }),
  access: 'operator',
  async run(ctx, args) {
    const entries = await ctx.tx.audit.latest(args.count ?? 20);
    if (entries.length === 0) return reply([text(ctx.t({ en: 'The audit log is empty.', fr: 'Le journal d’audit est vide.' }))]);
    return reply([
      table(
        [ctx.t({ en: 'When', fr: 'Quand' }), ctx.t({ en: 'Who', fr: 'Qui' }), ctx.t({ en: 'What', fr: 'Quoi' }), ctx.t({ en: 'Target', fr: 'Cible' }), ctx.t({ en: 'Result', fr: 'Résultat' })],
        entries.map((e) => [formatDateTime(new Date(e.at), ctx.locale, ctx.config.timeZone), `${e.actor}${e.account ? ` (${e.account})` : ''}`, e.action, e.target ?? '', e.result]),
      ),
    ], { title: ctx.t({ en: 'Audit log', fr: 'Journal d’audit' }) });
  },
});

/** `/guichet`: help, and operator commands; other families contribute their own admin subcommands. */
export function guichetFamily(registry: () => CommandRegistry, adminCommands: readonly CommandSpec[]): CommandFamily {
  return {
    name: 'guichet',
    summary: { en: 'Help, operator commands, and every command (/guichet credit buy …)', fr: 'Aide, commandes des opérateurs, et toutes les commandes (/guichet credit buy …)' },
    umbrella: true,
    commands: [help(registry), link, unlink, links, auditLog, ...adminCommands],
  };
}
