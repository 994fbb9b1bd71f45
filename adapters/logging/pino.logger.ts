import pino from 'pino';
import type { Logger } from '../../src/ports/logger.js';

/** Paths whose values are replaced by `[redacted]` in every log line. */
export const REDACT_PATHS = [
  'token', 'secret', '*.token', '*.secret', 'text', '*.text',
  'headers.authorization', '*.headers.authorization', 'headers["x-slack-signature"]',
  'botToken', 'signingSecret', 'appToken', '*.botToken', '*.signingSecret', '*.appToken',
];

/** Field names that begin a redacted path (`token`, `headers`, …): such a field always goes through the redaction. */
const REDACTED_HEADS = new Set(REDACT_PATHS.map((path) => /^[^.[]+/.exec(path)![0]).filter((head) => head !== '*'));

/** A lone surrogate, which pino writes escaped through the redaction and raw without it. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * True when no redacted path can reach into these fields: every value is a string (without a lone surrogate),
 * number, boolean or undefined (a `*.x` path needs an object to look into) and no field is named like a path's head. Such fields are written the
 * same with or without pino's redaction, which otherwise runs on every field of every line (it parses each path of
 * `REDACT_PATHS` again and copies the value: about 15 KB of garbage per command's log line and child logger).
 */
export function plainFields(fields: Record<string, unknown>): boolean {
  for (const key in fields) {
    const value = fields[key];
    const kind = typeof value;
    if (kind === 'string' ? LONE_SURROGATE.test(value as string) : kind !== 'number' && kind !== 'boolean' && kind !== 'undefined') return false;
    if (REDACTED_HEADS.has(key)) return false;
  }
  return true;
}

/**
 * The core's Logger port on pino: a line whose fields are all plain (see `plainFields`) is written by a twin of the
 * logger without redaction, any other by the redacting one (a child's redacting twin is made when first needed).
 * A class, so that a child (one per command) costs one object, not five closures (each named by tsx).
 */
class PinoLogger implements Logger {
  #redacting: pino.Logger | undefined;
  constructor(
    /** The same logger without redaction; undefined when its bindings need the redaction. */
    private readonly plain: pino.Logger | undefined,
    redacting: pino.Logger | (() => pino.Logger),
  ) {
    if (typeof redacting === 'function') this.#make = redacting;
    else this.#redacting = redacting;
  }
  readonly #make: (() => pino.Logger) | undefined;

  #for(fields: Record<string, unknown>): pino.Logger {
    return this.plain && plainFields(fields) ? this.plain : this.#redactingLogger();
  }
  #redactingLogger(): pino.Logger {
    return (this.#redacting ??= this.#make!());
  }
  debug(fields: Record<string, unknown>, msg: string): void {
    this.#for(fields).debug(fields, msg);
  }
  info(fields: Record<string, unknown>, msg: string): void {
    this.#for(fields).info(fields, msg);
  }
  warn(fields: Record<string, unknown>, msg: string): void {
    this.#for(fields).warn(fields, msg);
  }
  error(fields: Record<string, unknown>, msg: string): void {
    this.#for(fields).error(fields, msg);
  }
  child(fields: Record<string, unknown>): Logger {
    if (!this.plain || !plainFields(fields)) return new PinoLogger(undefined, this.#redactingLogger().child(fields));
    // Plain bindings are copied, so the redacting twin made later binds the same values.
    const bindings = { ...fields };
    return new PinoLogger(this.plain.child(bindings), () => this.#redactingLogger().child(bindings));
  }
}

/** The pino options of Guichet's logger, with or without the redaction of `REDACT_PATHS`. */
function options(level: string, redact: boolean): pino.LoggerOptions {
  return {
    level, base: { app: 'guichet' }, timestamp: pino.stdTimeFunctions.isoTime,
    ...(redact ? { redact: { paths: REDACT_PATHS, censor: '[redacted]' } } : {}),
  };
}

/** Wraps a (redacting) pino logger in the core's Logger port; every line goes through its redaction. */
export function fromPino(base: pino.Logger): Logger {
  return new PinoLogger(undefined, base);
}

/**
 * A JSON logger to a destination (stderr by default), with secrets redacted by configuration. Stderr is written
 * synchronously: one `write` per line on the main thread, where `pino.destination(2)`'s default hands each line to
 * libuv's thread pool and back (two thread switches per command's "handled" line), and no line is lost on a crash.
 */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination({ dest: 2, sync: true })): { logger: Logger; pino: pino.Logger } {
  const base = pino(options(level, true), destination);
  return { logger: new PinoLogger(pino(options(level, false), destination), base), pino: base };
}
