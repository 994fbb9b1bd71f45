import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../src/config.js';
import { startConsole } from './support/spawn.js';

const KEY = 'ab'.repeat(32);
const OVH = { GUICHET_PROVIDER: 'ovhcloud', GUICHET_SECRET_KEY: KEY, OVH_APPLICATION_KEY: 'app-key', OVH_APPLICATION_SECRET: 'app-secret-value' };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('provider configuration', () => {
  it('GIVEN nothing configured WHEN the environment is read THEN the ledger runs and OVH_ENDPOINT defaults to ovh-eu', () => {
    const env = loadEnv({});
    expect(env.GUICHET_PROVIDER).toBe('ledger');
    expect(env.OVH_ENDPOINT).toBe('ovh-eu');
    expect(env.GUICHET_SECRET_KEY).toBeUndefined();
  });

  it('GIVEN ovhcloud mode WHEN one of its variables is missing THEN start-up is refused naming that variable', () => {
    for (const name of ['GUICHET_SECRET_KEY', 'OVH_APPLICATION_KEY', 'OVH_APPLICATION_SECRET'] as const) {
      const source: Record<string, string> = { ...OVH };
      delete source[name];
      expect(() => loadEnv(source)).toThrow(ConfigError);
      expect(() => loadEnv(source)).toThrow(new RegExp(`${name}: is required with GUICHET_PROVIDER=ovhcloud`));
    }
    expect(loadEnv(OVH).GUICHET_PROVIDER).toBe('ovhcloud');
  });

  it('GIVEN a malformed secret key or endpoint WHEN read THEN the error names the variable and never prints the secret', () => {
    const secret = 'not-hex-but-secret-material-'.padEnd(64, 'x');
    let message = '';
    try {
      loadEnv({ ...OVH, GUICHET_SECRET_KEY: secret });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/GUICHET_SECRET_KEY: must be 64 hexadecimal characters .*openssl rand -hex 32/);
    expect(message).toContain('64 characters, not shown');
    expect(message).not.toContain('secret-material');
    expect(() => loadEnv({ OVH_ENDPOINT: 'http://127.0.0.1:8080/1.0' })).toThrow(/OVH_ENDPOINT: must be a region/);
    expect(() => loadEnv({ OVH_ENDPOINT: 'ovh-mars' })).toThrow(/OVH_ENDPOINT/);
    expect(loadEnv({ OVH_ENDPOINT: 'https://127.0.0.1:8443/1.0' }).OVH_ENDPOINT).toBe('https://127.0.0.1:8443/1.0');
    expect(() => loadEnv({ GUICHET_PROVIDER: 'aws' })).toThrow(/GUICHET_PROVIDER/);
  });

  it('GIVEN the bot started in ovhcloud mode without GUICHET_SECRET_KEY WHEN it starts THEN it exits naming the variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-cfg-'));
    dirs.push(dir);
    const { GUICHET_SECRET_KEY: _k, ...rest } = OVH;
    const result = await startConsole({ ...rest, GUICHET_STORE: `sqlite://${join(dir, 's.sqlite')}` }, '/guichet help\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/GUICHET_SECRET_KEY: is required with GUICHET_PROVIDER=ovhcloud/);
    expect(result.stdout).not.toContain('guichet>');
  });
});
