import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createOvhClient } from '../adapters/ovhcloud/ovh-client.js';
import { ROOT } from './support/spawn.js';

describe('npm run fake:ovhcloud', () => {
  it('GIVEN a newcomer starting the fake WHEN it prints its endpoint and keys THEN a client configured from that text connects an account and reads it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/ovhcloud-fake/cli.ts', '--port', '0', '--rate-429', '0'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        child.on('exit', (code) => reject(new Error(`the fake exited (${code}): ${out}`)));
        child.stdout.on('data', () => out.includes('Type here:') && resolve());
      });
      const value = (name: string) => new RegExp(`${name}=(\\S+)`).exec(out)![1]!;
      expect(value('NODE_EXTRA_CA_CERTS')).toBe(process.env.NODE_EXTRA_CA_CERTS);
      const anonymous = createOvhClient({ endpoint: value('OVH_ENDPOINT'), applicationKey: value('OVH_APPLICATION_KEY'), applicationSecret: value('OVH_APPLICATION_SECRET') });
      const request = await anonymous.auth.requestCredential([{ method: 'GET', path: '/me' }]);
      child.stdin.write('validate dave-ovh\n');
      const client = anonymous.withConsumerKey(request.consumerKey);
      expect((await client.auth.awaitValidation({ everyMs: 100, forMs: 10_000 })).state).toBe('validated');
      expect((await client.account.me()).nichandle).toBe('dave-ovh');
      expect(out).toMatch(/GET \/auth\/currentCredential → 200/);
    } finally {
      child.stdin.end('quit\n');
      await new Promise((r) => child.once('close', r));
    }
  });
});
