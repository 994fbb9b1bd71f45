/**
 * Child process of the Slack benchmark: `tsx test/bench/slack-fake-proc.ts` runs the fake Slack Web API on
 * 127.0.0.1, prints `{"apiUrl":…}`, and stops when its stdin closes.
 */
import { FakeSlack } from '../support/slack-fake.js';

const fake = await FakeSlack.start();
process.stdout.write(`${JSON.stringify({ apiUrl: fake.apiUrl })}\n`);
process.stdin.resume();
process.stdin.once('end', () => void fake.close().then(() => process.exit(0)));
