import { z } from 'zod';
import { positional } from '../core/args.js';
import { defineCommand, type CommandContext } from '../core/command.js';
import { formatDateTime } from '../core/i18n.js';
import { isRefusal, refuse, reply, text, type Refusal, type Reply } from '../core/reply.js';
import { disconnect, settleConnection, startConnection, type ConnectScope } from '../flows/connection-flow.js';
import {
  alreadyConnectedText, CONNECT_TEXTS, connectedText, disconnectedText, notConnectedText, openLinkText,
} from '../domain/connection-texts.js';
import { CONNECT_REGIONS, type AccountConnector } from '../ports/account-connector.js';

/** The scope of the connection flow for this command, or a refusal when the provider connects no accounts. */
function scopeOf(ctx: CommandContext): ConnectScope | Refusal {
  const connector: AccountConnector | undefined = ctx.connector;
  if (!connector) return refuse('CONNECT.UNAVAILABLE', CONNECT_TEXTS.unavailable);
  return { tx: ctx.tx, connector, now: ctx.now, chatUser: ctx.chatUser, effectKey: ctx.invocation.id };
}

/** The private reply that carries a validation link, with the "I have validated" button. */
function linkReply(ctx: CommandContext, url: string, expiresAt: string, again: boolean): Reply {
  const until = formatDateTime(new Date(expiresAt), ctx.locale, ctx.config.timeZone);
  const button = ctx.offer({ label: CONNECT_TEXTS.validatedButton, command: 'account connect', ttlMinutes: 10 });
  return reply([text(ctx.t(openLinkText(url, until, again)))], {
    title: ctx.t(CONNECT_TEXTS.title), actions: [button], code: again ? 'CONNECT.PENDING' : 'CONNECT.STARTED',
  });
}

const connect = defineCommand({
  name: 'connect',
  summary: { en: 'Connect your OVHcloud account (you validate the access in your browser)', fr: 'Connecter votre compte OVHcloud (vous validez l’accès dans votre navigateur)' },
  args: z.object({
    region: positional(z.enum(CONNECT_REGIONS).optional(), {
      placeholder: 'REGION',
      choices: CONNECT_REGIONS,
      description: { en: 'OVHcloud API region: ovh-eu, ovh-ca or ovh-us (default: the one Guichet is set up for)', fr: 'région de l’API OVHcloud : ovh-eu, ovh-ca ou ovh-us (par défaut : celle de Guichet)' },
    }),
  }),
  access: 'anyone',
  privateOnly: true,
  examples: ['', 'ovh-ca'],
  async run(ctx, args) {
    const scope = scopeOf(ctx);
    if (isRefusal(scope)) return scope;
    const pending = await ctx.tx.connections.pending(ctx.chatUser);
    let before: 'refused' | 'expired' | undefined;
    if (pending) {
      const progress = await settleConnection(scope, pending);
      if (isRefusal(progress)) return progress;
      if (progress.kind === 'connected') {
        return reply([text(ctx.t(connectedText(progress.account.id, progress.endpoint, progress.replacedKeyKept)))], { tone: 'success', code: 'CONNECT.DONE' });
      }
      if (progress.kind === 'pending' && (args.region === undefined || args.region === pending.endpoint)) {
        return linkReply(ctx, scope.connector.validationUrl(pending.sealedValidationUrl), pending.expiresAt, true);
      }
      if (progress.kind !== 'pending') before = progress.kind;
    } else if (ctx.account) {
      const connection = await ctx.tx.connections.get(ctx.account.id);
      if (connection) {
        const since = formatDateTime(new Date(connection.createdAt), ctx.locale, ctx.config.timeZone);
        return reply([text(ctx.t(alreadyConnectedText(connection.account, connection.endpoint, since)))], { code: 'CONNECT.ALREADY' });
      }
    }
    const started = await startConnection(scope, args.region ?? scope.connector.defaultEndpoint);
    if (isRefusal(started)) return started;
    const fresh = linkReply(ctx, started.validationUrl, started.expiresAt, false);
    return before ? { ...fresh, sections: [text(ctx.t(notConnectedText(before))), ...fresh.sections] } : fresh;
  },
});

const disconnectCommand = defineCommand({
  name: 'disconnect',
  summary: { en: 'Disconnect your OVHcloud account (its key is revoked)', fr: 'Déconnecter votre compte OVHcloud (sa clé est révoquée)' },
  args: z.object({}),
  access: 'anyone',
  async run(ctx) {
    const scope = scopeOf(ctx);
    if (isRefusal(scope)) return scope;
    const done = await disconnect(scope);
    if (isRefusal(done)) return done;
    if (done.kind === 'none') return refuse('CONNECT.NOT_CONNECTED', CONNECT_TEXTS.notConnected);
    if (done.kind === 'cancelled') return reply([text(ctx.t(CONNECT_TEXTS.cancelled))], { code: 'CONNECT.CANCELLED' });
    return reply([text(ctx.t(disconnectedText(done.account)))], { tone: 'success', code: 'CONNECT.DISCONNECTED' });
  },
});

/** `/account connect [REGION]` and `/account disconnect`. */
export const CONNECT_COMMANDS = [connect, disconnectCommand];
