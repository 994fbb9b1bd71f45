import { z } from 'zod';
import { DEFAULT_TAX_RATES, type CoreConfig } from './core/config.js';
import { LOCALES } from './core/i18n.js';
import { DEFAULT_REMINDER_DAYS } from './domain/reminders.js';
import { parseChatUser, type ChatUser } from './core/identity.js';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = z.preprocess(emptyToUndefined, z.string().optional());
const int = (def: number, min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(def));

const Operators = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .default('console:root')
    .transform((s, ctx) => {
      const out: ChatUser[] = [];
      for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
        const u = parseChatUser(part);
        if (!u) ctx.addIssue({ code: 'custom', message: `"${part}" is not console:NAME, slack:TEAM/USER or discord:USER` });
        else out.push(u);
      }
      return out;
    }),
);

const TaxRates = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      const rates: Record<string, number> = { ...DEFAULT_TAX_RATES };
      for (const part of (s ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
        const m = /^([A-Z]{2})=(\d{1,2}(?:\.\d{1,2})?)$/.exec(part);
        if (!m) ctx.addIssue({ code: 'custom', message: `"${part}" is not XX=RATE, e.g. FR=20 or DE=19` });
        else rates[m[1]!] = Math.round(Number(m[2]) * 100);
      }
      return rates;
    }),
);

const ReminderDays = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      const out: Record<string, number[]> = { ...DEFAULT_REMINDER_DAYS } as Record<string, number[]>;
      for (const part of (s ?? '').split(';').map((p) => p.trim()).filter(Boolean)) {
        const m = /^([a-z-]+)=(\d{1,3}(?:,\d{1,3})*)$/.exec(part);
        if (!m || !(m[1]! in DEFAULT_REMINDER_DAYS)) {
          ctx.addIssue({ code: 'custom', message: `"${part}" is not SET=DAYS,… with SET one of ${Object.keys(DEFAULT_REMINDER_DAYS).join(', ')} (e.g. renewal=30,14,7,3,1)` });
        } else out[m[1]!] = m[2]!.split(',').map(Number).filter((d) => d > 0);
      }
      return out;
    }),
);

const TimeZone = z.preprocess(
  emptyToUndefined,
  z.string().default('Europe/Paris').refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'not an IANA time zone such as Europe/Paris'),
);

/** The environment variables Guichet reads, validated at start (see `.env.example`). */
export const EnvSchema = z.object({
  GUICHET_STORE: z.preprocess(emptyToUndefined, z.string().regex(/^(sqlite:\/\/.+|postgres(ql)?:\/\/[^/\s]+\/[^/\s]+)$/, 'must look like sqlite://./data/guichet.sqlite or postgres://USER@HOST:5432/DATABASE').default('sqlite://./data/guichet.sqlite')),
  GUICHET_OPERATORS: Operators,
  GUICHET_LOCALE: z.preprocess(emptyToUndefined, z.enum(LOCALES).default('en')),
  GUICHET_TZ: TimeZone,
  GUICHET_NOW: z.preprocess(emptyToUndefined, z.iso.datetime({ offset: true, local: false }).optional()),
  GUICHET_DEMO_DATA: z.preprocess(emptyToUndefined, z.enum(['auto', 'off']).default('auto')),
  GUICHET_CONTACT_REQUEST_TTL_DAYS: int(7, 1, 90),
  GUICHET_CREDIT_MAX: int(100_000, 1, 10_000_000),
  GUICHET_TAX_RATES: TaxRates,
  GUICHET_RATE_LIMIT: int(20, 0, 100_000),
  GUICHET_REMINDER_CRON: z.preprocess(emptyToUndefined, z.string().regex(/^\S+( \S+){4,5}$/, 'must be a cron expression of 5 or 6 fields, e.g. */15 * * * *').default('*/15 * * * *')),
  GUICHET_REMINDER_DAYS: ReminderDays,
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  PORT: int(3000, 0, 65535),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText,
  DISCORD_GUILD_ID: optionalText,
  DISCORD_API_URL: z.preprocess(emptyToUndefined, z.url().optional()),
});
/** Validated environment. */
export type Env = z.output<typeof EnvSchema>;

/** A configuration error that names the variable at fault. */
export class ConfigError extends Error {}

/** Validates the environment; a wrong value throws a ConfigError naming the variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message} (got ${JSON.stringify(source[String(i.path[0])] ?? '')})`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nFix these variables in your environment or .env file (see .env.example).`);
}

/** The core settings derived from the environment. */
export function coreConfigOf(env: Env): CoreConfig {
  return {
    locale: env.GUICHET_LOCALE,
    timeZone: env.GUICHET_TZ,
    operators: env.GUICHET_OPERATORS,
    contactRequestTtlDays: env.GUICHET_CONTACT_REQUEST_TTL_DAYS,
    creditMaxMinor: env.GUICHET_CREDIT_MAX * 100,
    taxRates: env.GUICHET_TAX_RATES,
    reminderDays: env.GUICHET_REMINDER_DAYS,
  };
}
