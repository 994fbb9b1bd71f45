import { FAKE_APP_ID, FAKE_BOT } from './fake-discord.js';

/** Where and by whom an interaction happens in the fake Discord. */
export interface InteractionPlace {
  readonly user: string;
  readonly guild?: string;
  readonly channel?: string;
  readonly locale?: string;
}

/** An option of a chat-input interaction as Discord sends it. */
export interface RawOption {
  readonly name: string;
  readonly type: number;
  readonly value?: string | number | boolean;
  readonly focused?: boolean;
  readonly options?: RawOption[];
}

let next = 500000000000000000n;
/** A fresh snowflake-like ID. */
export function snowflake(): string {
  next += 1n;
  return String(next);
}

function base(type: number, place: InteractionPlace, id: string) {
  const user = { id: place.user, username: `user${place.user.slice(-4)}`, discriminator: '0', global_name: null, avatar: null };
  const channel = place.channel ?? '700000000000000001';
  return {
    id, application_id: FAKE_APP_ID, type, token: `token-${id}`, version: 1,
    channel_id: channel,
    channel: place.guild ? { id: channel, type: 0, guild_id: place.guild, name: 'general' } : { id: channel, type: 1 },
    ...(place.guild
      ? { guild_id: place.guild, member: { user, roles: [], permissions: '0', joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 } }
      : { user }),
    locale: place.locale ?? 'en-US', guild_locale: 'en-US', app_permissions: '0', entitlements: [],
    authorizing_integration_owners: {}, context: place.guild ? 0 : 1,
  };
}

/** Splits `guichet admin link` into the command and the nested subcommand (group) options. */
function nest(path: string, options: RawOption[]): { name: string; options: RawOption[] } {
  const [name = '', ...subs] = path.split(' ');
  if (subs.length === 0) return { name, options };
  if (subs.length === 1) return { name, options: [{ name: subs[0]!, type: 1, options }] };
  return { name, options: [{ name: subs[0]!, type: 2, options: [{ name: subs[1]!, type: 1, options }] }] };
}

/** Option helpers: string (3), integer (4), boolean (5). */
export const opt = {
  str: (name: string, value: string, focused?: boolean): RawOption => ({ name, type: 3, value, ...(focused ? { focused } : {}) }),
  int: (name: string, value: number): RawOption => ({ name, type: 4, value }),
  bool: (name: string, value: boolean): RawOption => ({ name, type: 5, value }),
};

/** A chat-input command interaction (type 2), e.g. `chatInput(place, 'guichet admin link', [opt.str(...)])`. */
export function chatInput(place: InteractionPlace, path: string, options: RawOption[] = [], id = snowflake()) {
  return { ...base(2, place, id), data: { id: '400000000000000000', type: 1, ...nest(path, options) } };
}

/** An autocomplete interaction (type 4); one option carries `focused: true`. */
export function autocomplete(place: InteractionPlace, path: string, options: RawOption[], id = snowflake()) {
  return { ...base(4, place, id), data: { id: '400000000000000000', type: 1, ...nest(path, options) } };
}

/** A button click (type 3) on a message the bot sent. */
export function buttonClick(place: InteractionPlace, customId: string, id = snowflake()) {
  const b = base(3, place, id);
  return {
    ...b,
    data: { custom_id: customId, component_type: 2 },
    message: {
      id: snowflake(), channel_id: b.channel_id, author: FAKE_BOT, content: '', timestamp: new Date(0).toISOString(),
      edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [],
      embeds: [], pinned: false, type: 0, flags: 64,
      components: [{ type: 1, components: [{ type: 2, custom_id: customId, label: 'Go', style: 1 }] }],
    },
  };
}
