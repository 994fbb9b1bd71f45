import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/ports/logger.js';

/**
 * Bolt's and the Web API client's logger on top of Guichet's. Debug lines are dropped: at that level the
 * SDK prints request bodies, which may hold tokens or private replies.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack-sdk' });
  let level: LogLevel = LogLevel.INFO;
  const line = (parts: unknown[]) => parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    debug: () => {},
    info: (...m: unknown[]) => { if (level !== LogLevel.WARN && level !== LogLevel.ERROR) log.info({}, line(m)); },
    warn: (...m: unknown[]) => { if (level !== LogLevel.ERROR) log.warn({}, line(m)); },
    error: (...m: unknown[]) => log.error({}, line(m)),
    setLevel: (l: LogLevel) => { level = l; },
    getLevel: () => level,
    setName: () => {},
  };
}
