import { z } from 'zod';
import { defineOperation, VOID } from '../ovh-operation.js';
import { IsoDate, Long } from './common.js';

/** `auth.HTTPMethodEnum`. */
export const HttpMethodEnum = z.enum(['DELETE', 'GET', 'POST', 'PUT']);
/** `auth.CredentialStateEnum`. */
export const CredentialState = z.enum(['expired', 'pendingValidation', 'refused', 'validated']);
/** A consumer key's state. */
export type CredentialState = z.output<typeof CredentialState>;

/** `auth.AccessRuleRequest` / `auth.AccessRule`: a method and a path, `*` matching anything. */
export const AccessRule = z.object({ method: HttpMethodEnum, path: z.string().startsWith('/') });
/** One access rule. */
export type AccessRule = z.output<typeof AccessRule>;

/** `auth.ApiCredentialRequestParams` (the whole body, one unnamed parameter). */
export const CredentialRequestBody = z.object({
  accessRules: z.array(AccessRule).min(1),
  redirection: z.string().url().optional(),
  allowedIPs: z.array(z.string()).optional(),
});

/** `auth.ApiCredentialRequest`. */
export const CredentialRequest = z.object({ consumerKey: z.string().min(1), validationUrl: z.string().url(), state: CredentialState });
/** What `POST /auth/credential` answers: the new consumer key and where its holder validates it. */
export type CredentialRequest = z.output<typeof CredentialRequest>;

/** `auth.ApiCredential`. */
export const ApiCredential = z.object({
  credentialId: Long,
  applicationId: Long,
  creation: IsoDate,
  expiration: IsoDate.nullable(),
  lastUse: IsoDate.nullable(),
  status: CredentialState,
  rules: z.array(AccessRule),
  ovhSupport: z.boolean(),
  allowedIPs: z.array(z.string()).nullable(),
});
/** The current consumer key's details. */
export type ApiCredential = z.output<typeof ApiCredential>;

/** `GET /auth/time`: the server's time in seconds (no authentication). */
export const authTimeOp = defineOperation({ method: 'GET', path: '/auth/time', response: Long, unsigned: true });
/** `POST /auth/credential`: asks for a consumer key (application key only, no signature). */
export const requestCredentialOp = defineOperation({
  method: 'POST', path: '/auth/credential', body: CredentialRequestBody, response: CredentialRequest, unsigned: true,
});
/** `GET /auth/currentCredential`. */
export const currentCredentialOp = defineOperation({ method: 'GET', path: '/auth/currentCredential', response: ApiCredential });
/** `POST /auth/logout`: expires the consumer key. */
export const logoutOp = defineOperation({ method: 'POST', path: '/auth/logout', response: VOID });
