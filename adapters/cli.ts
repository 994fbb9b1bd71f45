import { readFileSync } from 'node:fs';
import { ConfigError, loadEnv } from '../src/config.js';
import { ManualClock, systemClock } from '../src/ports/clock.js';
import { createSecretBox } from './crypto/aes-gcm.secret-box.js';
import { exportStore, importStore } from './store/backup.js';
import { openStore } from './store/open-store.js';
import { loadDotEnv } from './runtime.js';

const USAGE = `Usage:
  npm run --silent guichet -- export > backup.json   write the whole store as JSON to stdout
  npm run guichet -- import backup.json       validate a backup, then load it (same IDs are replaced)
Stop the bot before importing: it keeps documents in memory.`;

/** Operator tool: export and import the store. */
async function main(argv: string[]): Promise<number> {
  loadDotEnv();
  const env = loadEnv();
  const clock = env.GUICHET_NOW ? new ManualClock(env.GUICHET_NOW) : systemClock;
  const [command, file] = argv;
  if (command !== 'export' && command !== 'import') {
    process.stderr.write(`${USAGE}\n`);
    return command ? 2 : 0;
  }
  if (command === 'import' && !file) {
    process.stderr.write(`import needs a file.\n${USAGE}\n`);
    return 2;
  }
  const store = await openStore(env.GUICHET_STORE, clock, { demo: false });
  try {
    if (command === 'export') {
      process.stdout.write(`${JSON.stringify(await exportStore(store.engine, clock.now()), null, 1)}\n`);
    } else {
      const raw = readFileSync(file!, 'utf8');
      // `npm run` prints its banner to stdout, so `npm run guichet -- export > f` starts with it: skip to the JSON.
      const start = raw.trimStart().startsWith('{') ? 0 : raw.indexOf('\n{') + 1;
      const data: unknown = JSON.parse(raw.slice(start));
      const box = env.GUICHET_SECRET_KEY ? createSecretBox(env.GUICHET_SECRET_KEY) : undefined;
      const counts = await importStore(store.uow, data, box ? { sealedHere: (s) => box.sealedHere(s) } : {});
      process.stderr.write(`Imported into ${store.engine.location}: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}\n`);
      if (counts['connections-left-out']) {
        process.stderr.write(`${counts['connections-left-out']} connected account(s) left out: their consumer keys were sealed with another GUICHET_SECRET_KEY${box ? '' : ' (none is set here)'}; they run /account connect again.\n`);
      }
    }
    return 0;
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
