import pino from 'pino';
import type { Logger } from '../../src/ports/logger.js';

/** Paths whose values are replaced by `[redacted]` in every log line. */
export const REDACT_PATHS = [
  'token', 'secret', '*.token', '*.secret', 'text', '*.text',
  'headers.authorization', '*.headers.authorization', 'headers["x-slack-signature"]',
  'botToken', 'signingSecret', 'appToken', '*.botToken', '*.signingSecret', '*.appToken',
];

/** Wraps a pino logger in the core's Logger port. */
export function fromPino(base: pino.Logger): Logger {
  return {
    debug: (f, m) => base.debug(f, m),
    info: (f, m) => base.info(f, m),
    warn: (f, m) => base.warn(f, m),
    error: (f, m) => base.error(f, m),
    child: (f) => fromPino(base.child(f)),
  };
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
