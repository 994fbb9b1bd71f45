import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { buildRegistry } from '../../src/commands/index.js';
import { loadEnv } from '../../src/config.js';
import type { CommandRegistry } from '../../src/core/registry.js';
import { loadDotEnv } from '../runtime.js';
import { slackCommandOf } from './slack.config.js';

/** The committed manifest: the default slash command names, and the template of prefixed ones. */
export const MANIFEST_FILE = new URL('./slack-manifest.yml', import.meta.url);

/** The app manifest with every family's slash command carrying the prefix (`g-` → `/g-credit`; `/guichet` stays). */
export function renderSlackManifest(prefix: string, registry: CommandRegistry, template = readFileSync(MANIFEST_FILE, 'utf8')): string {
  return template.replace(/^(\s*- command: )\/(\S+)$/gm, (line, head: string, name: string) => {
    const family = registry.find(name);
    return family ? `${head}${slackCommandOf(family, prefix)}` : line;
  });
}

/** `npm run --silent slack:manifest`: prints the manifest for GUICHET_SLACK_COMMAND_PREFIX, to paste into Slack. */
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  loadDotEnv();
  process.stdout.write(renderSlackManifest(loadEnv().GUICHET_SLACK_COMMAND_PREFIX ?? '', buildRegistry()));
}
