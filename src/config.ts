import { z } from 'zod';
import { DEFAULT_TAX_RATES, type CoreConfig } from './core/config.js';
import { LOCALES } from './core/i18n.js';
import { DEFAULT_REMINDER_DAYS } from './domain/reminders.js';
import { parseDigestSchedule } from './domain/digest.js';
import { DEFAULT_CONTACT_REQUEST_LIMITS, type ContactRequestLimits } from './domain/contact-request-limits.js';
import { parseChatUser, type ChatUser } from './core/identity.js';
import { CONNECT_REGIONS } from './ports/account-connector.js';

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

/**
 * An optional variable of `sep`-separated parts, each set on a copy of `defaults` by `apply`, which returns why a
 * part is wrong instead (one issue of the variable per wrong part).
 */
const partList = <V>(sep: string, defaults: Readonly<Record<string, V>>, apply: (out: Record<string, V>, part: string) => string | undefined) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .optional()
      .transform((s, ctx) => {
        const out: Record<string, V> = { ...defaults };
        for (const part of (s ?? '').split(sep).map((p) => p.trim()).filter(Boolean)) {
          const issue = apply(out, part);
          if (issue) ctx.addIssue({ code: 'custom', message: issue });
        }
        return out;
      }),
  );

const TaxRates = partList<number>(',', DEFAULT_TAX_RATES, (rates, part) => {
  const m = /^([A-Z]{2})=(\d{1,2}(?:\.\d{1,2})?)$/.exec(part);
  if (!m) return `"${part}" is not XX=RATE, e.g. FR=20 or DE=19`;
  rates[m[1]!] = Math.round(Number(m[2]) * 100);
  return undefined;
});

const ReminderDays = partList<number[]>(';', DEFAULT_REMINDER_DAYS as Record<string, number[]>, (out, part) => {
  const m = /^([a-z-]+)=(\d{1,3}(?:,\d{1,3})*)$/.exec(part);
  if (!m || !(m[1]! in DEFAULT_REMINDER_DAYS)) {
    return `"${part}" is not SET=DAYS,… with SET one of ${Object.keys(DEFAULT_REMINDER_DAYS).join(', ')} (e.g. renewal=30,14,7,3,1)`;
  }
  out[m[1]!] = m[2]!.split(',').map(Number).filter((d) => d > 0);
  return undefined;
});

const ContactRequestLimitsVar = partList<number>(',', { ...DEFAULT_CONTACT_REQUEST_LIMITS }, (out, part) => {
  const m = /^(open|refused|days)=(\d{1,4})$/.exec(part);
  if (!m || Number(m[2]) < 1) return `"${part}" is not open=N, refused=N or days=N (N at least 1), e.g. open=3,refused=3,days=30`;
  out[m[1]!] = Number(m[2]);
  return undefined;
}).transform((out) => out as unknown as ContactRequestLimits);

const DigestVar = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .default('mon 09:00')
    .transform((v, ctx) => {
      const schedule = parseDigestSchedule(v);
      if (!schedule) ctx.addIssue({ code: 'custom', message: 'must be a day (mon, tue, wed, thu, fri, sat or sun) and a time HH:MM in GUICHET_TZ, e.g. mon 09:00' });
      return schedule ?? { weekday: 1, hour: 9, minute: 0 };
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

const ISO_DATETIME = z.iso.datetime({ offset: true, local: false });
const RELATIVE_NOW = /^([+-])(\d{1,5})([dhm])$/;
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/** The instant GUICHET_NOW fixes the clock at: an ISO date and time, or an offset (`+5d`, `+12h`, `-30m`) from `realNow`. */
export function startInstant(value: string | undefined, realNow: Date): Date | undefined {
  if (!value) return undefined;
  const m = RELATIVE_NOW.exec(value);
  if (!m) return new Date(value);
  return new Date(realNow.getTime() + (m[1] === '-' ? -1 : 1) * Number(m[2]) * UNIT_MS[m[3] as keyof typeof UNIT_MS]);
}

const OvhEndpoint = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .default('ovh-eu')
    .refine((v) => {
      if ((CONNECT_REGIONS as readonly string[]).includes(v)) return true;
      try {
        const url = new URL(v);
        return url.protocol === 'https:' && !url.search && !url.hash;
      } catch {
        return false;
      }
    }, `must be a region (${CONNECT_REGIONS.join(', ')}) or an https:// API base URL such as https://127.0.0.1:8443/1.0`),
);

/** Variables whose values are secrets: an error names them but never prints what they hold. */
const SECRET_VARIABLES = new Set(['GUICHET_SECRET_KEY', 'OVH_APPLICATION_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN']);

/** The environment variables Guichet reads, validated at start (see `.env.example`). */
export const EnvSchema = z.object({
  GUICHET_STORE: z.preprocess(emptyToUndefined, z.string().regex(/^(sqlite:\/\/.+|postgres(ql)?:\/\/[^/\s]+\/[^/\s]+)$/, 'must look like sqlite://./data/guichet.sqlite or postgres://USER@HOST:5432/DATABASE').default('sqlite://./data/guichet.sqlite')),
  GUICHET_OPERATORS: Operators,
  GUICHET_LOCALE: z.preprocess(emptyToUndefined, z.enum(LOCALES).default('en')),
  GUICHET_TZ: TimeZone,
  GUICHET_NOW: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => ISO_DATETIME.safeParse(v).success || RELATIVE_NOW.test(v), 'an ISO 8601 date and time such as 2026-12-01T09:00:00Z, or an offset from now such as +5d, +12h, -30m')
      .optional(),
  ),
  /** Unset: `auto` for the console, `off` when Slack or Discord is configured (see `demoMode` in the runtime). */
  GUICHET_DEMO_DATA: z.preprocess(emptyToUndefined, z.enum(['auto', 'off']).optional()),
  GUICHET_CONTACT_REQUEST_TTL_DAYS: int(7, 1, 90),
  GUICHET_CONTACT_REQUEST_LIMITS: ContactRequestLimitsVar,
  GUICHET_GRACE_DAYS: int(14, 1, 365),
  GUICHET_ORDER_TTL_DAYS: int(14, 1, 365),
  GUICHET_CREDIT_MAX: int(100_000, 1, 10_000_000),
  GUICHET_TAX_RATES: TaxRates,
  /** Where the console writes the files replies carry (charts); unset: a `guichet-files` folder in the system's temp folder. */
  GUICHET_FILES_DIR: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
  GUICHET_RATE_LIMIT: int(20, 0, 100_000),
  GUICHET_REMINDER_CRON: z.preprocess(emptyToUndefined, z.string().regex(/^\S+( \S+){4,5}$/, 'must be a cron expression of 5 or 6 fields, e.g. */15 * * * *').default('*/15 * * * *')),
  GUICHET_REMINDER_DAYS: ReminderDays,
  GUICHET_DIGEST: DigestVar,
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  PORT: int(3000, 0, 65535),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  GUICHET_SLACK_COMMAND_PREFIX: z.preprocess(emptyToUndefined, z.string().regex(/^[a-z0-9][a-z0-9_-]{0,11}$/, 'lower-case letters, digits, - or _ (at most 12), e.g. g- for /g-credit').optional()),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText,
  DISCORD_GUILD_ID: optionalText,
  DISCORD_API_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  GUICHET_PROVIDER: z.preprocess(emptyToUndefined, z.enum(['ledger', 'ovhcloud']).default('ledger')),
  GUICHET_SECRET_KEY: z.preprocess(emptyToUndefined, z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (32 bytes); generate one with: openssl rand -hex 32').optional()),
  OVH_ENDPOINT: OvhEndpoint,
  OVH_APPLICATION_KEY: optionalText,
  OVH_APPLICATION_SECRET: optionalText,
});
/** Validated environment. */
export type Env = z.output<typeof EnvSchema>;

/** A configuration error that names the variable at fault. */
export class ConfigError extends Error {}

/** Validates the environment; a wrong value throws a ConfigError naming the variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  const issues = parsed.success ? providerIssues(parsed.data) : parsed.error.issues.map((i) => ({ name: String(i.path[0]), message: i.message }));
  if (parsed.success && issues.length === 0) return parsed.data;
  const got = (name: string) => {
    const value = source[name] ?? '';
    return SECRET_VARIABLES.has(name) && value !== '' ? `a value of ${value.length} characters, not shown` : JSON.stringify(value);
  };
  const lines = issues.map((i) => `  ${i.name}: ${i.message} (got ${got(i.name)})`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nFix these variables in your environment or .env file (see .env.example).`);
}

/** What `GUICHET_PROVIDER=ovhcloud` needs besides the variables' own formats. */
function providerIssues(env: Env): { name: string; message: string }[] {
  if (env.GUICHET_PROVIDER !== 'ovhcloud') return [];
  const required: [keyof Env, string][] = [
    ['GUICHET_SECRET_KEY', 'is required with GUICHET_PROVIDER=ovhcloud (it encrypts the consumer keys at rest); generate one with: openssl rand -hex 32'],
    ['OVH_APPLICATION_KEY', 'is required with GUICHET_PROVIDER=ovhcloud: the application key of your OVHcloud API application (see the README, "Connect a real OVHcloud account")'],
    ['OVH_APPLICATION_SECRET', 'is required with GUICHET_PROVIDER=ovhcloud: the application secret of your OVHcloud API application'],
  ];
  return required.filter(([name]) => env[name] === undefined).map(([name, message]) => ({ name, message }));
}

/** The core settings derived from the environment. */
export function coreConfigOf(env: Env): CoreConfig {
  return {
    locale: env.GUICHET_LOCALE,
    timeZone: env.GUICHET_TZ,
    operators: env.GUICHET_OPERATORS,
    operatorsNamedIn: 'GUICHET_OPERATORS',
    contactRequestTtlDays: env.GUICHET_CONTACT_REQUEST_TTL_DAYS,
    graceDays: env.GUICHET_GRACE_DAYS,
    orderTtlDays: env.GUICHET_ORDER_TTL_DAYS,
    creditMaxMinor: env.GUICHET_CREDIT_MAX * 100,
    taxRates: env.GUICHET_TAX_RATES,
    reminderDays: env.GUICHET_REMINDER_DAYS,
    digest: env.GUICHET_DIGEST,
    contactRequestLimits: env.GUICHET_CONTACT_REQUEST_LIMITS,
  };
}
