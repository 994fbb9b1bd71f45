import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLACK_EVENTS_PATH } from '../adapters/slack/slack.adapter.js';
import { renderSlackManifest } from '../adapters/slack/slack-manifest.js';
import { buildRegistry } from '../src/commands/index.js';

const manifest = readFileSync('adapters/slack/slack-manifest.yml', 'utf8');

describe('Slack app manifest', () => {
  it('GIVEN every registered command family WHEN the manifest is read THEN each has a slash command pointing at the events path', () => {
    const commands = [...manifest.matchAll(/^\s*- command: \/(\S+)\n\s+url: (\S+)/gm)].map((m) => ({ name: m[1]!, url: m[2]! }));
    const missing = buildRegistry().families.map((f) => f.name).filter((name) => !commands.some((c) => c.name === name));
    expect(missing).toEqual([]);
    for (const c of commands) expect(c.url.endsWith(SLACK_EVENTS_PATH)).toBe(true);
  });

  it('GIVEN the manifest WHEN read THEN it asks for the scopes Guichet uses and enables interactivity and Socket Mode', () => {
    for (const scope of ['commands', 'chat:write', 'chat:write.public', 'im:write', 'files:write', 'users:read']) expect(manifest).toMatch(new RegExp(`^\\s+- ${scope}$`, 'm'));
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true\n\s+request_url: \S+\/slack\/events/);
    expect(manifest).toMatch(/socket_mode_enabled: true/);
  });

  it('GIVEN the manifest WHEN read THEN the Home tab is enabled and app_home_opened is subscribed at the events path (HTTP) or over the socket', () => {
    expect(manifest).toMatch(/app_home:\n\s+home_tab_enabled: true\n\s+messages_tab_enabled: true\n\s+messages_tab_read_only_enabled: true/);
    const events = /event_subscriptions:\n\s+request_url: (\S+)\n\s+bot_events:\n((?:\s+- \S+\n)+)/.exec(manifest);
    expect(events?.[1]?.endsWith(SLACK_EVENTS_PATH)).toBe(true);
    expect(events?.[2]?.trim().split(/\s*-\s+/).filter(Boolean)).toEqual(['app_home_opened']);
  });

  it('GIVEN GUICHET_SLACK_COMMAND_PREFIX=g- WHEN the manifest is rendered THEN every family but /guichet is /g-NAME and nothing else changes', () => {
    const registry = buildRegistry();
    const plain = manifest;
    expect(renderSlackManifest('', registry)).toBe(plain);
    const prefixed = renderSlackManifest('g-', registry);
    const commands = [...prefixed.matchAll(/^\s*- command: \/(\S+)$/gm)].map((m) => m[1]);
    expect(commands.sort()).toEqual(registry.families.map((f) => (f.name === 'guichet' ? 'guichet' : `g-${f.name}`)).sort());
    expect(prefixed.replace(/command: \/g-/g, 'command: /')).toBe(plain);
  });

});
