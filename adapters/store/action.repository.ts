import { PendingAction } from '../../src/domain/records.js';
import { encodeTime, timeOfTimedId } from '../../src/domain/timed-id.js';
import type { ActionRepository } from '../../src/ports/store.js';
import type { DocumentTx } from './document-tx.js';
import { getDoc, purgeTimed, putDoc } from './repositories.js';

/** Key prefix of button records whose ID starts with their expiry (`timedId`): their keys sort by expiry, no index needed. */
export const TIMED_ACTION_PREFIX = 'act:';
/** Key prefix of button records of any other ID (all those written before timed IDs), indexed under `action-at:`. */
export const LEGACY_ACTION_PREFIX = 'action:';
const LEGACY_INDEX = 'action-at:';

/** The key of a button record: `act:ID` when the ID carries its expiry, `action:ID` otherwise. */
export function actionKey(id: string): string {
  return timeOfTimedId(id) ? `${TIMED_ACTION_PREFIX}${id}` : `${LEGACY_ACTION_PREFIX}${id}`;
}

/**
 * Pending button actions. One whose ID carries its expiry is one document, `act:ID`; a range of those keys up to the
 * cutoff's encoding is exactly the actions expired before it. Others (written by earlier versions) stay `action:ID`,
 * indexed by expiry under `action-at:TIME:ID`, and are read and purged as before.
 */
export class ActionDocs implements ActionRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The pending action, if any (one read: the ID's shape says where it is). */
  get(id: string) {
    return getDoc(this.tx, PendingAction, actionKey(id));
  }
  /** Stores a pending action; a timed ID must carry the action's own expiry (its key is all the purge reads). */
  put(action: PendingAction) {
    const at = timeOfTimedId(action.id);
    if (at && at.getTime() !== Date.parse(action.expiresAt)) {
      throw new Error(`button ${action.id} carries ${at.toISOString()}, not its expiry ${action.expiresAt}`);
    }
    putDoc(this.tx, PendingAction, actionKey(action.id), action);
    if (!at) this.tx.put(`${LEGACY_INDEX}${action.expiresAt}:${action.id}`, action.id);
  }
  /** Deletes up to `limit` actions that expired before the cutoff: those of earlier versions first, then timed ones, oldest first. */
  async purgeBefore(cutoff: Date, limit: number) {
    return purgeTimed(this.tx, { index: LEGACY_INDEX, docKey: (id) => `${LEGACY_ACTION_PREFIX}${id}` }, TIMED_ACTION_PREFIX, encodeTime(cutoff), cutoff, limit);
  }
}
