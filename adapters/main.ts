import { ConfigError, loadEnv } from '../src/config.js';
import { ConsoleNotifier } from './console/console.notifier.js';
import { runConsole } from './console/console.adapter.js';
import { consoleMode, createRuntime, loadDotEnv } from './runtime.js';
import { SlackAdapter } from './slack/slack.adapter.js';
import { slackSettingsOf } from './slack/slack.config.js';

/** Starts Guichet: Slack when configured (several adapters may run together), the console when no platform is. */
async function main(): Promise<void> {
  loadDotEnv();
  const slack = slackSettingsOf(loadEnv());
  const runtime = await createRuntime();
  const stops: (() => Promise<void>)[] = [];
  const shutdown = async (code: number) => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await runtime.store.uow.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  if (slack) {
    const adapter = await SlackAdapter.start({ core: runtime.core, logger: runtime.logger, port: runtime.env.PORT, ...slack });
    runtime.notifier.register(adapter.notifier);
    stops.push(() => adapter.stop());
  }
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
