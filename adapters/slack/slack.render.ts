import type { types } from '@slack/bolt';
import { renderTextTable, replyToPlainText, type Action, type Reply, type Section } from '../../src/core/reply.js';

type Block = types.KnownBlock;

/** A Slack message built from a reply: the notification text and its Block Kit blocks. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: Block[];
}

/** Slack's limits (Block Kit reference): blocks per message, characters per text object, fields per section. */
const MAX_BLOCKS = 50;
const MAX_SECTION_TEXT = 3000;
const MAX_FIELD_TEXT = 2000;
const MAX_FIELDS = 10;
const MAX_HEADER = 150;
const MAX_BUTTON = 75;
const MAX_FALLBACK_TEXT = 3000;
/** Tables with at most this many rows become one section per row (readable on a phone). */
const MAX_CARD_ROWS = 15;

const TONE_EMOJI: Record<Reply['tone'], string> = { info: '', success: '✅ ', warning: '⚠️ ', error: '❌ ' };

/** Escapes the three characters Slack's mrkdwn reserves (`&`, `<`, `>`), keeping *bold* and `code`. */
export function escapeMrkdwn(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Decodes the entities Slack writes in the text it sends (`&amp;`, `&lt;`, `&gt;`) back to what the user typed. */
export function unescapeSlackText(value: string): string {
  return value.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

const clip = (value: string, max: number) => (value.length <= max ? value : `${value.slice(0, max - 1)}…`);

/** Splits long text into chunks under a limit, at line breaks when possible. */
export function chunkText(value: string, max: number): string[] {
  const out: string[] = [];
  let rest = value;
  while (rest.length > max) {
    const cut = rest.lastIndexOf('\n', max);
    const at = cut > max / 2 ? cut : max;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest.length > 0 || out.length === 0) out.push(rest);
  return out;
}

const mrkdwnSection = (value: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: value } });

function preformatted(columns: readonly string[], rows: readonly (readonly string[])[]): Block[] {
  // Inside ``` the text stays escaped for Slack; 8 characters go to the fences.
  return chunkText(escapeMrkdwn(renderTextTable(columns, rows)), MAX_SECTION_TEXT - 8).map((part) => mrkdwnSection(`\`\`\`${part}\`\`\``));
}

/** A table as one section per row: the first cell as the heading, the others as labelled fields. */
function cards(columns: readonly string[], rows: readonly (readonly string[])[]): Block[] {
  const blocks: Block[] = [];
  for (const row of rows) {
    const [first = '', ...others] = row;
    const labelled = others
      .map((cell, i) => ({ label: columns[i + 1] ?? '', cell }))
      .filter((f) => f.cell.trim() !== '')
      .slice(0, MAX_FIELDS)
      .map((f) => ({ type: 'mrkdwn' as const, text: clip(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.cell)}`, MAX_FIELD_TEXT) }));
    const heading = clip(`*${escapeMrkdwn(first || '—')}*`, MAX_SECTION_TEXT);
    blocks.push(labelled.length > 0 ? { type: 'section', text: { type: 'mrkdwn', text: heading }, fields: labelled } : mrkdwnSection(heading));
  }
  return blocks;
}

/** Renders one neutral section as Block Kit blocks. */
export function renderSection(section: Section): Block[] {
  if (section.kind === 'text') {
    const heading = section.heading ? `*${escapeMrkdwn(section.heading)}*\n` : '';
    return chunkText(heading + escapeMrkdwn(section.text), MAX_SECTION_TEXT).map(mrkdwnSection);
  }
  if (section.kind === 'fields') {
    const blocks: Block[] = [];
    for (let i = 0; i < section.fields.length; i += MAX_FIELDS) {
      blocks.push({
        type: 'section',
        fields: section.fields.slice(i, i + MAX_FIELDS).map((f) => ({
          type: 'mrkdwn' as const,
          text: clip(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value || '—')}`, MAX_FIELD_TEXT),
        })),
      });
    }
    return blocks;
  }
  if (section.rows.length === 0) return [mrkdwnSection(`_${escapeMrkdwn(section.columns.join(' · '))}: —_`)];
  if (section.rows.length <= MAX_CARD_ROWS) {
    const header = section.rows.length > 1 ? [{ type: 'divider' } as Block] : [];
    return [...header, ...cards(section.columns, section.rows)];
  }
  return preformatted(section.columns, section.rows);
}

/** A button: its `action_id` and `value` are the opaque action ID only; danger buttons get Slack's confirm dialog. */
export function renderButton(action: Action): types.Button {
  return {
    type: 'button',
    action_id: action.id,
    value: action.id,
    text: { type: 'plain_text', text: clip(action.label, MAX_BUTTON), emoji: true },
    style: action.style,
    ...(action.confirm || action.style === 'danger'
      ? {
          confirm: {
            title: { type: 'plain_text' as const, text: clip(action.confirm?.title ?? action.label, 100) },
            text: { type: 'plain_text' as const, text: clip(action.confirm?.text ?? action.label, 300) },
            confirm: { type: 'plain_text' as const, text: clip(action.confirm?.yes ?? 'OK', 30) },
            deny: { type: 'plain_text' as const, text: clip(action.confirm?.no ?? 'Cancel', 30) },
            ...(action.style === 'danger' ? { style: 'danger' as const } : {}),
          },
        }
      : {}),
  };
}

/** Renders a neutral reply as a Slack message; over-long replies degrade to text rather than being refused. */
export function renderReply(reply: Reply): SlackMessage {
  const plain = replyToPlainText(reply);
  const text = clip(`${TONE_EMOJI[reply.tone]}${plain}`, MAX_FALLBACK_TEXT);
  const blocks: Block[] = [];
  if (reply.title) blocks.push({ type: 'header', text: { type: 'plain_text', text: clip(`${TONE_EMOJI[reply.tone]}${reply.title}`, MAX_HEADER), emoji: true } });
  const body = reply.sections.flatMap(renderSection);
  const first = body[0];
  if (!reply.title && TONE_EMOJI[reply.tone] && first?.type === 'section' && first.text) {
    body[0] = { ...first, text: { type: 'mrkdwn', text: clip(`${TONE_EMOJI[reply.tone]}${first.text.text}`, MAX_SECTION_TEXT) } };
  }
  blocks.push(...body);
  const actions = reply.actions ?? [];
  for (let i = 0; i < actions.length; i += 25) blocks.push({ type: 'actions', elements: actions.slice(i, i + 25).map(renderButton) });
  const footer = [reply.code, reply.ref].filter(Boolean).join(' · ');
  if (footer) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(footer) }] });
  if (blocks.length > MAX_BLOCKS) {
    // Too many blocks: keep the buttons, fold the rest into preformatted text.
    const folded = chunkText(escapeMrkdwn(replyToPlainText({ ...reply, actions: [] })), MAX_SECTION_TEXT).slice(0, MAX_BLOCKS - 2).map(mrkdwnSection);
    const buttons = blocks.filter((b) => b.type === 'actions').slice(0, 1);
    return { text, blocks: [...folded, ...buttons] };
  }
  return { text, blocks };
}
