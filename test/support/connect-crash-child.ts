/**
 * Test-only wrapper around the real runtime: runs one `/account …` invocation of a console user in
 * `GUICHET_PROVIDER=ovhcloud` mode and prints the reply as JSON. With `CRASH_AFTER_CALL=OPERATION` the
 * process kills itself (SIGKILL) right after that remote call returned and before its outcome is recorded.
 */
import { createRuntime } from '../../adapters/runtime.js';
import type { RemoteEffects } from '../../src/ports/remote-effects.js';

const crashAfter = process.env.CRASH_AFTER_CALL;

/** Wraps the journal: the call runs, then the process dies if its key names the operation to crash after. */
function crashing(inner: RemoteEffects): RemoteEffects {
  return {
    once: (key, call, reconcile) =>
      inner.once(key, async () => {
        const outcome = await call();
        if (crashAfter && key.endsWith(`:${crashAfter}`)) process.kill(process.pid, 'SIGKILL');
        return outcome;
      }, reconcile),
  };
}

const runtime = await createRuntime(process.env, { wrapEffects: crashing });
const [user = 'zed', ...words] = process.argv.slice(2);
const reply = await runtime.core.handle({
  id: process.env.INVOCATION_ID ?? 'crash-test',
  user: { platform: 'console', workspace: 'local', user },
  command: 'account',
  input: { kind: 'text', text: words.join(' ') },
});
process.stdout.write(`${JSON.stringify(reply)}\n`);
await runtime.connections?.stop();
await runtime.store.uow.close();
process.exit(0);
