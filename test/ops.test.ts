import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { opsRoutes, startOpsServer } from '../adapters/ops/ops.http.js';
import { PromMetrics } from '../adapters/ops/prom.metrics.js';
import { Readiness } from '../adapters/ops/readiness.js';
import { startBot } from './support/crash-bot.js';
import { FAKE_TEAM, FakeSlack } from './support/slack-fake.js';
import { postSigned, ROOT, SIGNING_SECRET, slashForm } from './support/slack-bed.js';
import { startConsole } from './support/spawn.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-ops-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const get = async (port: number, path: string) => {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
};

describe('health checks and metrics', () => {
  it('GIVEN a Slack HTTP process WHEN probed on its Slack port THEN /healthz and /readyz answer 200 and /metrics counts commands by family and outcome in Prometheus format', async () => {
    const fake = await FakeSlack.start();
    cleanups.push(() => fake.close());
    const bot = await startBot({
      GUICHET_STORE: `sqlite://${join(tempDir(), 's.sqlite')}`, GUICHET_NOW: '2026-11-23T09:00:00Z', GUICHET_OPERATORS: `slack:${FAKE_TEAM}/${ROOT}`, GUICHET_DEMO_DATA: 'auto',
      SLACK_BOT_TOKEN: 'xoxb-ops-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', LOG_LEVEL: 'info',
    });
    cleanups.push(() => { bot.child.kill('SIGKILL'); });
    expect(await get(bot.port, '/healthz')).toMatchObject({ status: 200 });
    const ready = await get(bot.port, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: 'ready', checks: { shutdown: 'ok', store: 'ok', slack: 'ok' } });
    for (const [text, trigger] of [['help', 't-1'], ['help', 't-1'], ['nonsense', 't-2']] as const) {
      const url = fake.newResponseUrl();
      fake.noteAck(url, (await postSigned(bot.port, slashForm(ROOT, '/guichet', text, { responseUrl: url, triggerId: trigger }))).body);
      await fake.until(() => fake.repliesTo(url)[0]);
    }
    const link = fake.newResponseUrl();
    fake.noteAck(link, (await postSigned(bot.port, slashForm(ROOT, '/guichet', `admin link slack:${FAKE_TEAM}/U0ALICE alice-ovh`, { responseUrl: link, triggerId: 't-3' }))).body);
    await fake.until(() => fake.repliesTo(link)[0]);
    const retry = fake.newResponseUrl();
    fake.noteAck(retry, (await postSigned(bot.port, slashForm(ROOT, '/guichet', `admin link slack:${FAKE_TEAM}/U0ALICE alice-ovh`, { responseUrl: retry, triggerId: 't-3' }), { retryNum: 1 })).body);
    await fake.until(() => (fake.responses.length + fake.acks.length >= 5 ? true : undefined));
    const metrics = await get(bot.port, "/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain');
    expect(metrics.body).toMatch(/guichet_commands_total\{family="guichet",outcome="ok"\} 3/);
    expect(metrics.body).toMatch(/guichet_commands_total\{family="guichet",outcome="refused"\} 1/);
    expect(metrics.body).toMatch(/guichet_commands_total\{family="guichet",outcome="duplicate"\} 1/);
    expect(metrics.body).toMatch(/guichet_command_duration_seconds_count\{family="guichet"\} 5/);
    expect(metrics.body).toMatch(/guichet_store_conflicts_total\{at="commit"\} \d+/);
    expect(metrics.body).toContain('guichet_reminders_total{outcome="sent"} 0');
    expect(metrics.body).toContain('guichet_process_resident_memory_bytes');
    bot.child.kill('SIGTERM');
    await bot.exited;
  });

  it('GIVEN the console bot WHEN PORT is not set THEN no port is opened; WHEN PORT is set THEN the endpoints are served there', async () => {
    const dir = tempDir();
    const closed = await startConsole({ GUICHET_STORE: `sqlite://${join(dir, 'a.sqlite')}`, LOG_LEVEL: 'info', PORT: '' }, '/guichet help\n');
    expect(closed.code).toBe(0);
    expect(closed.stderr).not.toContain('ops endpoints listening');
    const { spawn } = await import('node:child_process');
    const { ROOT: root } = await import('./support/spawn.js');
    const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], { cwd: root, env: { ...process.env, GUICHET_STORE: `sqlite://${join(dir, 'b.sqlite')}`, LOG_LEVEL: 'info', PORT: '0' }, stdio: ['pipe', 'pipe', 'pipe'] });
    cleanups.push(() => { child.kill('SIGKILL'); });
    let err = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const line = err.split('\n').find((l) => l.includes('"ops endpoints listening"'));
        if (line) resolve((JSON.parse(line) as { port: number }).port);
      });
      child.once('exit', () => reject(new Error(err)));
    });
    expect((await get(port, '/healthz')).status).toBe(200);
    expect(JSON.parse((await get(port, '/readyz')).body)).toEqual({ status: 'ready', checks: { shutdown: 'ok', store: 'ok' } });
    expect((await get(port, '/metrics')).body).toContain('guichet_job_runs_total');
    expect((await get(port, '/nothing')).status).toBe(404);
    child.stdin.end();
  });

  it('GIVEN a store that fails or a shutdown under way WHEN /readyz is asked THEN it answers 503 naming the failing check, while /healthz stays 200', async () => {
    const readiness = new Readiness(50);
    let storeUp = true;
    readiness.add({ name: 'store', check: async () => { if (!storeUp) throw new Error('down'); return true; } });
    readiness.add({ name: 'discord', check: () => new Promise<boolean>(() => {}) });
    const server = await startOpsServer(0, opsRoutes(readiness, new PromMetrics()));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const port = (server.address() as { port: number }).port;
    expect(JSON.parse((await get(port, '/readyz')).body)).toEqual({ status: 'not ready', checks: { shutdown: 'ok', store: 'ok', discord: 'timeout' } });
    storeUp = false;
    readiness.stopping();
    const r = await get(port, '/readyz');
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body).checks).toMatchObject({ shutdown: 'failing', store: 'failing' });
    expect((await get(port, '/healthz')).status).toBe(200);
    await expect(startOpsServer(port, [])).rejects.toThrow(`PORT ${port} cannot be opened for /healthz, /readyz and /metrics`);
  });
});
