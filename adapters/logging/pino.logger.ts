import pino from 'pino';
import type { Logger } from '../../src/ports/logger.js';

/** Paths whose values are replaced by `[redacted]` in every log line. */
export const REDACT_PATHS = [
  'token', 'secret', '*.token', '*.secret', 'text', '*.text',
  'headers.authorization', '*.headers.authorization', 'headers["x-slack-signature"]',
  'botToken', 'signingSecret', 'appToken', '*.botToken', '*.signingSecret', '*.appToken',
];

/**
 * The core's Logger port on a pino logger. A class, so that a child (one per command) costs one object, not five
 * fresh closures (each of which tsx also names with `Object.defineProperty`).
 */
class PinoLogger implements Logger {
  constructor(private readonly base: pino.Logger) {}
  debug(fields: Record<string, unknown>, msg: string): void {
    this.base.debug(fields, msg);
  }
  info(fields: Record<string, unknown>, msg: string): void {
    this.base.info(fields, msg);
  }
  warn(fields: Record<string, unknown>, msg: string): void {
    this.base.warn(fields, msg);
  }
  error(fields: Record<string, unknown>, msg: string): void {
    this.base.error(fields, msg);
  }
  child(fields: Record<string, unknown>): Logger {
    return new PinoLogger(this.base.child(fields));
  }
}

/** Wraps a pino logger in the core's Logger port. */
export function fromPino(base: pino.Logger): Logger {
  return new PinoLogger(base);
}

/**
 * A JSON logger to a destination (stderr by default), with secrets redacted by configuration. Stderr is written
 * synchronously: one `write` per line on the main thread, where `pino.destination(2)`'s default hands each line to
 * libuv's thread pool and back (two thread switches per command's "handled" line), and no line is lost on a crash.
 */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination({ dest: 2, sync: true })): { logger: Logger; pino: pino.Logger } {
  const base = pino(
    { level, base: { app: 'guichet' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime },
    destination,
  );
  return { logger: fromPino(base), pino: base };
}
