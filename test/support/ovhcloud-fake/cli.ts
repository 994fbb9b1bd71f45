/**
 * `npm run fake:ovhcloud`: the OVHcloud fake for trying Guichet's `ovhcloud` mode locally. Serves the demo
 * accounts over HTTPS on 127.0.0.1, prints what to configure, and takes a few commands on stdin.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { FAKE_CA_CERT, FakeOvhCloud } from './ovhcloud-fake.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.OVH_FAKE_PORT ?? '8443' },
    seed: { type: 'string', default: '1' },
    'rate-429': { type: 'string', default: '0.02' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('npm run fake:ovhcloud -- [--port 8443 (0: any free port)] [--seed 1] [--rate-429 0.02] [--quiet]');
  process.exit(0);
}

const port = Number(values.port);
const fake = await FakeOvhCloud.start({
  port, randomSeed: Number(values.seed), tooManyRequestsRate: Number(values['rate-429']),
  onRequest: values.quiet ? undefined : (r) => console.log(`${r.at.toISOString()} ${r.method} ${r.path} → ${r.status}${r.errorCode ? ` ${r.errorCode}` : ''} ${r.nichandle ?? ''} ${r.queryId}`),
}).catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') console.error(`Port ${port} is taken: run npm run fake:ovhcloud -- --port 0 (any free port) or another number.`);
  else console.error(error.message);
  process.exit(1);
});

const accounts = [...fake.state.accounts.keys()];
console.log(`
OVHcloud fake listening on ${fake.url}
Demo accounts: ${accounts.join(', ')} (projects and services as in the ledger demo; vouchers WELCOME-50, UK-30, EXPIRED-10).

In another terminal, start Guichet against it:
  export GUICHET_PROVIDER=ovhcloud OVH_ENDPOINT=${fake.url}
  export OVH_APPLICATION_KEY=${fake.applicationKey} OVH_APPLICATION_SECRET=${fake.applicationSecret}
  export GUICHET_SECRET_KEY=$(openssl rand -hex 32) NODE_EXTRA_CA_CERTS=${FAKE_CA_CERT}
  npm start
NODE_EXTRA_CA_CERTS must be in the environment when Node starts (a .env file is read too late for it). It makes
that one process trust the fake's test CA, which may only sign for 127.0.0.1; certificate checks stay on.
Do not add this CA to your system or browser.

/account connect sends you a validation URL on this fake. Opening it validates the key as ${fake.browserAccount}
(as if logged in), e.g.  curl --cacert ${FAKE_CA_CERT} '<validation URL>'
  add &account=bob-ovh to log in as another account, &action=refuse to refuse, &expiresIn=3600 for a 1-hour key.
A browser will warn that it does not know the certificate: that is expected for this local fake.

Type here: login NICHANDLE (who opening a URL validates for) · validate [NICHANDLE] · refuse · keys · mails NICHANDLE · quit
`);

const pending = () => [...fake.state.consumerKeys.values()].filter((k) => k.state === 'pendingValidation');
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, arg] = line.trim().split(/\s+/);
  fake.tick();
  switch (command) {
    case 'login':
      if (arg && fake.state.account(arg)) fake.browserAccount = arg;
      console.log(`Validation URLs now validate for ${fake.browserAccount}.`);
      break;
    case 'validate':
    case 'refuse': {
      const key = pending().at(-1);
      if (!key) {
        console.log('No consumer key is waiting for validation.');
        break;
      }
      const nichandle = arg ?? fake.browserAccount;
      if (command === 'validate' && !fake.state.account(nichandle)) {
        console.log(`No account ${nichandle}; accounts: ${accounts.join(', ')}`);
        break;
      }
      key.state = command === 'validate' ? 'validated' : 'refused';
      key.nichandle = command === 'validate' ? nichandle : null;
      console.log(`The latest consumer key is ${key.state}${key.nichandle ? ` for ${key.nichandle}` : ''}.`);
      break;
    }
    case 'keys':
      for (const k of fake.state.consumerKeys.values()) console.log(`#${k.credentialId} ${k.state} ${k.nichandle ?? '-'} (${k.rules.length} rules)`);
      break;
    case 'mails':
      for (const m of fake.emailsOf(arg ?? fake.browserAccount)) console.log(`${m.date.toISOString()} ${m.subject}\n  ${m.body.replace(/\n/g, '\n  ')}`);
      break;
    case 'quit':
    case 'exit':
      void stop();
      break;
    case undefined:
    case '':
      break;
    default:
      console.log('Commands: login NICHANDLE · validate [NICHANDLE] · refuse · keys · mails NICHANDLE · quit');
  }
});

async function stop(): Promise<void> {
  lines.close();
  await fake.close().catch((error: Error) => console.error(error.message));
  process.exit(0);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
