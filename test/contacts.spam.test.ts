import { afterEach, describe, expect, it } from 'vitest';
import { loadEnv, coreConfigOf, ConfigError } from '../src/config.js';
import { makeHarness, type Harness } from './support/harness.js';
import { askChange } from './support/contacts.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;

/** Alice asks to move the billing contact of a service to dave, then refuses it herself: one round of the spam. */
async function askAndRefuse(service = 'pc-demo'): Promise<string> {
  const { id, tokens } = await askChange(h, `@alice /contacts change ${service} billing=dave-ovh`);
  expect(await h.text(`@alice /contacts refuse ${id} ${tokens.alice}`)).toContain('You refused');
  return id;
}

describe('contact-change requests cannot be used to spam an account with token notices', () => {
  it('GIVEN alice asked three times to make dave billing contact and refused each herself WHEN she asks a fourth time THEN it is refused and dave gets no notice', async () => {
    h = await makeHarness();
    for (let i = 0; i < 3; i++) await askAndRefuse();
    const toDave = h.notifier.directs.filter((d) => d.to === 'console:local/dave').length;
    const r = await h.run('@alice /contacts change pc-demo billing=dave-ovh');
    expect(r.code).toBe('CONTACTS.TARGET_LIMIT');
    expect(h.notifier.directs.filter((d) => d.to === 'console:local/dave').length).toBe(toDave);
    h.clock.advance(31 * DAY);
    expect((await h.run('@alice /contacts change pc-demo billing=dave-ovh')).tone).toBe('success');
  });

  it('GIVEN three open requests naming dave WHEN a fourth would name him THEN it is refused until one is settled', async () => {
    h = await makeHarness();
    for (const s of ['pc-demo', 'vps-demo-1', 'example-demo.fr']) await askChange(h, `@alice /contacts change ${s} billing=dave-ovh`);
    expect((await h.run('@alice /contacts change hosting-demo billing=dave-ovh')).code).toBe('CONTACTS.TARGET_LIMIT');
    expect((await h.run('@alice /contacts change hosting-demo billing=bob-ovh')).tone).toBe('success');
  });

  it('GIVEN limits set lower in the configuration WHEN requests name dave THEN the configured limits apply', async () => {
    h = await makeHarness({ config: { contactRequestLimits: { open: 1, refused: 1, days: 10 } } });
    await askAndRefuse();
    expect((await h.run('@alice /contacts change pc-demo billing=dave-ovh')).code).toBe('CONTACTS.TARGET_LIMIT');
    h.clock.advance(11 * DAY);
    await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    expect((await h.run('@alice /contacts change vps-demo-1 billing=dave-ovh')).code).toBe('CONTACTS.TARGET_LIMIT');
  });

  it('GIVEN a request naming dave WHEN he reads his token notice THEN it tells him how to refuse it and that refusing stops further requests', async () => {
    h = await makeHarness();
    await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    const notice = h.notifier.directs.find((d) => d.to === 'console:local/dave')!.text;
    expect(notice).toMatch(/\/contacts refuse CR-[A-Z0-9]{6} [A-Z0-9]{10}/);
    expect(notice).toMatch(/3 .*refused.*30 jours|3 .*refus.*30 jours/);
  });

  it('GIVEN GUICHET_CONTACT_REQUEST_LIMITS WHEN read THEN it sets the limits, and a wrong value names the variable', () => {
    expect(coreConfigOf(loadEnv({ GUICHET_CONTACT_REQUEST_LIMITS: 'open=2,refused=5,days=14' })).contactRequestLimits).toEqual({ open: 2, refused: 5, days: 14 });
    expect(coreConfigOf(loadEnv({})).contactRequestLimits).toEqual({ open: 3, refused: 3, days: 30 });
    expect(() => loadEnv({ GUICHET_CONTACT_REQUEST_LIMITS: 'open=many' })).toThrow(ConfigError);
    expect(() => loadEnv({ GUICHET_CONTACT_REQUEST_LIMITS: 'open=many' })).toThrow(/GUICHET_CONTACT_REQUEST_LIMITS/);
  });
});
