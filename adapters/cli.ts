import { createInterface } from 'node:readline/promises';
import { ConfigError, loadEnv, startInstant } from '../src/config.js';
import { ManualClock, systemClock } from '../src/ports/clock.js';
import { createSecretBox } from './crypto/aes-gcm.secret-box.js';
import { runImport } from './import-cli.js';
import { loadDotEnv } from './runtime.js';
import { exportStore } from './store/backup.js';
import { openStore } from './store/open-store.js';

const USAGE = `Usage:
  npm run --silent guichet -- export > ~/guichet-backup.json    write the whole store as JSON to stdout
  npm run guichet -- import ~/guichet-backup.json [--replace] [--yes]
      validate a backup, say what it writes, ask, then load it. A store that holds data is refused
      unless --replace (which replaces everything but the audit log); --yes skips the question.
      Refused while a Guichet process runs on the store: stop it first.`;

/** Operator tool: export and import the store. */
async function main(argv: string[]): Promise<number> {
  loadDotEnv();
  const env = loadEnv();
  const start = startInstant(env.GUICHET_NOW, systemClock.now());
  const clock = start ? new ManualClock(start) : systemClock;
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const [command, file, ...extra] = argv.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => command !== 'import' || !['--replace', '--yes'].includes(f));
  if ((command !== 'export' && command !== 'import') || unknown.length || extra.length) {
    if (unknown.length || extra.length) process.stderr.write(`Unexpected ${[...unknown, ...extra].join(' ')}.\n`);
    process.stderr.write(`${USAGE}\n`);
    return command || unknown.length ? 2 : 0;
  }
  if (command === 'import' && !file) {
    process.stderr.write(`import needs a file.\n${USAGE}\n`);
    return 2;
  }
  const store = await openStore(env.GUICHET_STORE, clock, { demo: false });
  try {
    if (command === 'export') {
      process.stdout.write(`${JSON.stringify(await exportStore(store.engine, clock.now()), null, 1)}\n`);
      return 0;
    }
    const tty = Boolean(process.stdin.isTTY);
    const ask = async (question: string) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    };
    const box = env.GUICHET_SECRET_KEY ? createSecretBox(env.GUICHET_SECRET_KEY) : undefined;
    return await runImport({
      uow: store.uow,
      where: store.engine.location,
      ...(box ? { sealedHere: (sealed: string) => box.sealedHere(sealed) } : {}),
      file: file!,
      replace: flags.has('--replace'),
      yes: flags.has('--yes'),
      clock,
      wallClock: systemClock,
      say: (line) => process.stderr.write(`${line}\n`),
      ...(tty ? { ask } : {}),
    });
  } finally {
    await store.uow.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? '' : 'guichet: '}${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
