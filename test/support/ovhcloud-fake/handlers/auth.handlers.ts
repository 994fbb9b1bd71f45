import { FakeApiError } from '../fake-error.js';
import type { HandlerTable } from '../handler.js';

/** `/auth/*`: time, consumer-key request, current credential, logout. */
export const authHandlers: HandlerTable = {
  'GET /auth/time': (ctx) => Math.floor(ctx.now.getTime() / 1000),

  'POST /auth/credential': (ctx) => {
    const body = ctx.body as { accessRules: { method: string; path: string }[]; redirection?: string | null };
    const key = ctx.state.token(32);
    const validationToken = ctx.state.token(24);
    ctx.state.consumerKeys.set(key, {
      key, credentialId: ctx.state.nextId('credential'), applicationKey: ctx.applicationKey, validationToken, rules: body.accessRules,
      redirection: body.redirection ?? null, creation: ctx.now, state: 'pendingValidation', nichandle: null, expiration: null, lastUse: null,
    });
    return { consumerKey: key, validationUrl: `${ctx.origin}/auth/?credentialToken=${validationToken}`, state: 'pendingValidation' };
  },

  'GET /auth/currentCredential': (ctx) => ctx.views.credential(ctx.credential!),

  'POST /auth/logout': (ctx) => {
    const k = ctx.credential!;
    if (k.state !== 'validated') throw new FakeApiError(403, 'This credential is not valid', 'Client::Forbidden', 'INVALID_CREDENTIAL');
    k.state = 'expired';
    k.expiration = ctx.now;
    return null;
  },
};
