import type { ServerResponse } from 'node:http';
import type { Fault } from './faults.js';
import type { Reply } from './pipeline.js';

/** One request the fake received and what it answered (status 0: connection dropped). */
export interface FakeRequestRecord {
  readonly seq: number;
  readonly at: Date;
  readonly method: string;
  readonly path: string;
  readonly operation: string | undefined;
  readonly status: number;
  readonly queryId: string;
  readonly errorCode: string | undefined;
  readonly nichandle: string | undefined;
}

/** A record of a request. */
export function recordOf(seq: number, at: Date, method: string, path: string, operation: string | undefined, status: number, queryId: string, reply: Reply | undefined): FakeRequestRecord {
  return { seq, at, method, path, operation, status, queryId, errorCode: reply?.errorCode, nichandle: reply?.nichandle };
}

/** Applies a queued fault around running the request: the reply to send, or `dropped` when the connection was cut. */
export async function handleFault(fault: Fault | undefined, run: () => Reply, res: ServerResponse): Promise<Reply | 'dropped'> {
  if (!fault) return run();
  switch (fault.kind) {
    case 'delay':
      await new Promise((r) => setTimeout(r, fault.ms));
      return run();
    case 'hold':
      fault.reached();
      await fault.released;
      return run();
    case 'drop':
      if (fault.afterHandling) run();
      res.socket?.destroy();
      return 'dropped';
    case 'status': {
      if (fault.afterHandling) run();
      const body = { class: fault.status >= 500 ? 'Server::InternalServerError' : 'Client::Error', message: fault.message ?? `Injected ${fault.status}`, httpCode: String(fault.status), ...(fault.errorCode ? { errorCode: fault.errorCode } : {}) };
      return { status: fault.status, body, headers: fault.headers ?? {}, errorCode: fault.errorCode };
    }
  }
}
