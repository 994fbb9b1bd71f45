/**
 * Child process of the Slack benchmark: `tsx test/bench/slack-noop-proc.ts API_URL` runs a Bolt app whose only
 * handler acknowledges every slash command (the baseline), prints `{"port":…}`, and stops when its stdin closes.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import { SIGNING_SECRET } from '../support/slack-bed.js';

const app = new App({
  token: 'xoxb-bench', signingSecret: SIGNING_SECRET, signatureVerification: true, processBeforeResponse: false,
  endpoints: '/slack/events', logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: process.argv[2]! },
});
app.command(/.*/, async ({ ack }) => ack());
const server = (await app.start(0)) as Server;
process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
process.stdin.resume();
process.stdin.once('end', () => void app.stop().then(() => process.exit(0)));
