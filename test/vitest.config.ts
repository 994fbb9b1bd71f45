import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = resolve(import.meta.dirname, '..');

export default defineConfig({
  root,
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/postgres.global.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Each forked worker starts with this in its environment, so Node trusts the OVHcloud fake's test CA
    // (read once at process start; certificate verification stays on). See test/ovhcloud.tls.test.ts.
    env: { NODE_EXTRA_CA_CERTS: resolve(root, 'test/support/ovhcloud-fake/tls/ca.crt') },
  },
});
