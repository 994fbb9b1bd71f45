import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import { renderTextTable, type Reply, type Tone } from '../../src/core/reply.js';
import { clip } from './discord.commands.js';

/** Discord's message limits that rendering respects. */
export const EMBED_LIMITS = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, total: 6000, embeds: 10, buttons: 25 } as const;

/** Embed colours by tone. */
export const TONE_COLOURS: Readonly<Record<Tone, number>> = { info: 0x3b82f6, success: 0x22c55e, warning: 0xf59e0b, error: 0xef4444 };

/** A message body for Discord: embeds and rows of buttons (raw API JSON, accepted by discord.js and REST). */
export interface DiscordMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
}

const TRUNCATED = '\n… (truncated)';

/** Keeps the text within `max` characters, saying so when it cuts. */
function fit(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, Math.max(0, max - TRUNCATED.length - 4));
  const openFence = (cut.match(/```/g) ?? []).length % 2 === 1;
  return cut + (openFence ? '\n```' : '') + TRUNCATED;
}

/** A table as a monospace code block (no stray backticks inside). */
function codeBlock(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  return '```\n' + renderTextTable(columns, rows).replaceAll('```', "'''") + '\n```';
}

/** Renders a neutral reply as embeds (title, description, fields — headed texts that fit one too; tables as code blocks) and buttons. */
export function renderReply(reply: Reply): DiscordMessage {
  const blocks: string[] = [];
  const fields: APIEmbedField[] = [];
  for (const s of reply.sections) {
    // A headed text that fits a field becomes one (the overview's sections); a longer one stays whole in the description.
    if (s.kind === 'text' && s.heading && s.heading.length <= EMBED_LIMITS.fieldName && s.text.length <= EMBED_LIMITS.fieldValue) {
      fields.push({ name: s.heading, value: s.text || '—', inline: false });
    } else if (s.kind === 'text') blocks.push(s.heading ? `**${s.heading}**\n${s.text}` : s.text);
    else if (s.kind === 'table') blocks.push(codeBlock(s.columns, s.rows));
    else for (const f of s.fields) fields.push({ name: clip(f.label || '—', EMBED_LIMITS.fieldName), value: fit(f.value || '—', EMBED_LIMITS.fieldValue), inline: true });
  }
  for (const a of reply.actions ?? []) if (a.confirm) blocks.push(`⚠️ **${a.confirm.title}** — ${a.confirm.text}`);
  let budget: number = EMBED_LIMITS.total;
  const colour = TONE_COLOURS[reply.tone];
  const first: APIEmbed = { color: colour };
  if (reply.title) {
    first.title = clip(reply.title, EMBED_LIMITS.title);
    budget -= first.title.length;
  }
  if (reply.ref) {
    first.footer = { text: `ref ${reply.ref}` };
    budget -= first.footer.text.length;
  }
  // Text and tables come first; fields share what is left, at least half the budget when both are long.
  let rest = blocks.join('\n\n');
  const fieldsSize = fields.slice(0, EMBED_LIMITS.fields).reduce((n, f) => n + f.name.length + f.value.length, 0);
  const NOTE_ROOM = 60;
  let fieldBudget = Math.min(fieldsSize, Math.max(budget - rest.length - NOTE_ROOM, Math.floor(budget / 2)));
  const kept: APIEmbedField[] = [];
  for (const f of fields.slice(0, EMBED_LIMITS.fields)) {
    const size = f.name.length + f.value.length;
    if (size > fieldBudget) break;
    kept.push(f);
    fieldBudget -= size;
  }
  budget -= kept.reduce((n, f) => n + f.name.length + f.value.length, 0);
  if (kept.length) first.fields = kept;
  if (kept.length < fields.length) rest += `\n\n… (${fields.length - kept.length} more field(s) not shown)`;
  // The description may overflow into further embeds, within the message's total budget.
  const embeds: APIEmbed[] = [first];
  for (let target = first; rest && budget > 0; ) {
    const room = Math.min(EMBED_LIMITS.description, budget);
    const last = embeds.length === EMBED_LIMITS.embeds || budget - room < 100;
    const piece = rest.length <= room ? rest : last ? fit(rest, room) : rest.slice(0, room);
    target.description = piece;
    budget -= piece.length;
    rest = rest.length <= room || last ? '' : rest.slice(room);
    if (rest) embeds.push((target = { color: colour }));
  }
  if (!first.title && !first.description && !first.fields) first.description = '—';
  const buttons: APIButtonComponentWithCustomId[] = (reply.actions ?? []).slice(0, EMBED_LIMITS.buttons).map((a) => ({
    type: ComponentType.Button,
    custom_id: a.id,
    label: clip(a.label, 80),
    style: a.style === 'danger' ? ButtonStyle.Danger : ButtonStyle.Primary,
  }));
  const components: DiscordMessage['components'] = [];
  for (let i = 0; i < buttons.length; i += 5) components.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + 5) });
  return { embeds, components };
}

/** Discord's limit on an attachment's description (its alt text). */
export const ATTACHMENT_DESCRIPTION_MAX = 1024;

/** The reply's images as attachments (the first shown inside the first embed), for an interaction reply. */
export function attachmentsOf(reply: Reply, message: DiscordMessage): { files: { attachment: Buffer; name: string; description: string }[] } {
  const files = (reply.files ?? []).map((f) => ({ attachment: Buffer.from(f.png), name: f.name, description: clip(f.alt, ATTACHMENT_DESCRIPTION_MAX) }));
  const first = files[0];
  if (first && message.embeds[0]) message.embeds[0].image = { url: `attachment://${first.name}` };
  return { files };
}

/** The reply's images as REST multipart files with their attachment entries (channel posts and DMs). */
export function restFilesOf(reply: Reply, message: DiscordMessage): { body: DiscordMessage & { attachments?: { id: number; filename: string; description: string }[] }; files?: { name: string; data: Buffer; contentType: string; key: string }[] } {
  const list = reply.files ?? [];
  if (list.length === 0) return { body: message };
  if (message.embeds[0]) message.embeds[0].image = { url: `attachment://${list[0]!.name}` };
  return {
    body: { ...message, attachments: list.map((f, id) => ({ id, filename: f.name, description: clip(f.alt, ATTACHMENT_DESCRIPTION_MAX) })) },
    files: list.map((f, id) => ({ name: f.name, data: Buffer.from(f.png), contentType: 'image/png', key: `files[${id}]` })),
  };
}
