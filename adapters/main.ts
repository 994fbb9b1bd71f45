import { ConfigError, loadEnv } from '../src/config.js';
import { ConsoleNotifier } from './console/console.notifier.js';
import { DiscordAdapter } from './discord/discord.adapter.js';
import { discordSettingsOf } from './discord/discord.config.js';
import { runConsole } from './console/console.adapter.js';
import { consoleMode, createRuntime, loadDotEnv } from './runtime.js';
import { SlackAdapter } from './slack/slack.adapter.js';
import { slackSettingsOf } from './slack/slack.config.js';
import { CronScheduler } from './scheduler/cron.scheduler.js';

/** How long shutdown waits for commands in flight. */
const SHUTDOWN_LIMIT_MS = 10_000;

/** Starts Guichet: Slack and/or Discord when configured (together if both are), the console when no platform is. */
async function main(): Promise<void> {
  loadDotEnv();
  const slack = slackSettingsOf(loadEnv());
  const discordSettings = discordSettingsOf(loadEnv());
  const runtime = await createRuntime();
  const stops: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | undefined;
  /** Graceful stop: adapters stop accepting, commands in flight finish (bounded), the store is flushed and closed. */
  const shutdown = (code: number) => {
    stopping ??= (async () => {
      const force = setTimeout(() => {
        process.stderr.write('Guichet: shutdown took too long; exiting anyway.\n');
        process.exit(1);
      }, SHUTDOWN_LIMIT_MS + 5_000);
      force.unref();
      for (const stop of stops.reverse()) await stop().catch(() => {});
      const drained = await runtime.core.drain(SHUTDOWN_LIMIT_MS);
      if (!drained) runtime.logger.warn({}, 'commands still running at shutdown');
      await runtime.presence.release().catch((error: unknown) => runtime.logger.warn({ err: String(error) }, 'presence lease not released'));
      await runtime.store.uow.close();
      runtime.logger.info({}, 'stopped');
      process.exit(code);
    })();
    return stopping;
  };
  if (runtime.connections) stops.push(() => runtime.connections!.stop());
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  try {
    if (slack) {
      const adapter = await SlackAdapter.start({ core: runtime.core, logger: runtime.logger, port: runtime.env.PORT, ...slack });
      runtime.notifier.register(adapter.notifier);
      stops.push(() => adapter.stop());
    }
    if (discordSettings) {
      const { token, applicationId, apiUrl } = discordSettings;
      const discord = new DiscordAdapter({ token, applicationId, core: runtime.core, logger: runtime.logger, ...(apiUrl ? { apiUrl } : {}) });
      runtime.notifier.register(discord.notifier);
      stops.push(() => discord.stop());
      await discord.start();
    }
  } catch (error) {
    // A platform that refused us: let go of the store at once, so an import need not wait for the lease to lapse.
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await runtime.presence.release().catch(() => {});
    await runtime.store.uow.close().catch(() => {});
    throw error;
  }
  const scheduler = new CronScheduler({
    expression: runtime.env.GUICHET_REMINDER_CRON,
    timeZone: runtime.env.GUICHET_TZ,
    jobs: runtime.jobs,
    clock: runtime.clock,
    logger: runtime.logger,
  });
  await scheduler.start();
  stops.push(() => scheduler.stop());
  if (consoleMode(runtime.env)) {
    runtime.notifier.register(new ConsoleNotifier());
    if (runtime.store.seeded) process.stderr.write(`Demo data loaded into ${runtime.store.engine.location}\n`);
    const reading = new AbortController();
    stops.push(async () => reading.abort());
    await runConsole(runtime.core, process.stdin, process.stdout, reading.signal);
    await shutdown(0);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`Guichet could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
