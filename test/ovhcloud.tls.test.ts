import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOvhClient, isOvhApiError } from '../adapters/ovhcloud/ovh-client.js';
import { FAKE_CA_CERT, FakeOvhCloud } from './support/ovhcloud-fake/ovhcloud-fake.js';

const run = promisify(execFile);
let fake: FakeOvhCloud;
beforeAll(async () => {
  fake = await FakeOvhCloud.start();
});
afterAll(async () => fake?.close());

/** Fetches the fake's /auth/time from a fresh Node process with the given extra environment. */
async function fetchFromChild(env: Record<string, string | undefined>): Promise<string> {
  const script = `fetch(${JSON.stringify(`${fake.url}/auth/time`)}).then(r => r.text()).then(t => console.log('ok ' + t), e => console.log('fail ' + (e.cause?.code ?? e.message)))`;
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) childEnv[k] = v;
  const { stdout } = await run(process.execPath, ['-e', script], { env: childEnv });
  return stdout.trim();
}

describe('TLS to the OVHcloud fake', () => {
  it('GIVEN a vitest worker WHEN it reads its environment THEN it trusts the fake CA through NODE_EXTRA_CA_CERTS and verification is on', () => {
    expect(process.env.NODE_EXTRA_CA_CERTS).toBe(FAKE_CA_CERT);
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
  });

  it('GIVEN this worker WHEN the client calls the fake over HTTPS THEN the certificate is accepted', async () => {
    const client = createOvhClient({ endpoint: fake.url, applicationKey: fake.applicationKey, applicationSecret: fake.applicationSecret });
    expect(await client.auth.time()).toBe(Math.floor(fake.now().getTime() / 1000));
  });

  it('GIVEN a Node process without the CA WHEN it calls the fake THEN the certificate is refused; WITH it THEN the call succeeds', async () => {
    expect(await fetchFromChild({ NODE_EXTRA_CA_CERTS: undefined })).toMatch(/^fail (UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)$/);
    expect(await fetchFromChild({ NODE_EXTRA_CA_CERTS: FAKE_CA_CERT })).toMatch(/^ok \d+$/);
  });

  it('GIVEN the trusted CA WHEN the fake is reached by another name (localhost) THEN the certificate is refused (it names 127.0.0.1 only)', async () => {
    const client = createOvhClient({ endpoint: fake.url.replace('127.0.0.1', 'localhost'), applicationKey: 'k', applicationSecret: 's', retry: { maxRetries: 0 } });
    const error = await client.auth.time().catch((e: unknown) => e);
    expect(isOvhApiError(error, 'UNREACHABLE')).toBe(true);
    expect((error as Error).message).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID|UNABLE_TO_VERIFY/);
  });

  it('GIVEN an http:// endpoint WHEN a client is built THEN it is refused: the API is only reached over verified TLS', () => {
    expect(() => createOvhClient({ endpoint: fake.url.replace('https', 'http'), applicationKey: 'k', applicationSecret: 's' })).toThrow(/https/);
  });
});
