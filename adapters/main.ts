import { ConfigError } from '../src/config.js';
import { ConsoleNotifier } from './console/console.notifier.js';
import { runConsole } from './console/console.adapter.js';
import { consoleMode, createRuntime, loadDotEnv } from './runtime.js';
import { CronScheduler } from './scheduler/cron.scheduler.js';

/** Starts Guichet: the console on the embedded store when no platform is configured. */
async function main(): Promise<void> {
  loadDotEnv();
  const runtime = await createRuntime();
  const stops: (() => Promise<void>)[] = [];
  const shutdown = async (code: number) => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await runtime.store.uow.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
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
    if (runtime.store.seeded) process.stderr.write(`Demo data loaded into ${runtime.store.engine.file}\n`);
    await runConsole(runtime.core);
    await shutdown(0);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`Guichet could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
