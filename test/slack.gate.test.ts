import { describe, expect, it } from 'vitest';
import { RunGate } from '../adapters/slack/slack.gate.js';

/** Timers run by hand: `fire()` runs every pending one. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  return {
    set: (fn: () => void) => (pending.set(++next, fn), next),
    clear: (handle: unknown) => void pending.delete(handle as number),
    fire: () => {
      for (const [k, fn] of [...pending]) {
        pending.delete(k);
        fn();
      }
    },
    get size() {
      return pending.size;
    },
  };
}

const settled = () => new Promise((r) => setImmediate(r));

describe('RunGate', () => {
  it('GIVEN a gate of 2 WHEN 3 commands enter THEN the third waits until one leaves, and takes its slot', async () => {
    const timers = manualTimers();
    const gate = new RunGate(2, 200, timers);
    const order: string[] = [];
    for (const name of ['a', 'b', 'c']) void gate.enter().then(() => order.push(name));
    await settled();
    expect(order).toEqual(['a', 'b']);
    expect(gate.waiting).toBe(1);
    gate.leave();
    await settled();
    expect(order).toEqual(['a', 'b', 'c']);
    expect(gate.running).toBe(2);
    expect(timers.size).toBe(0);
  });

  it('GIVEN a full gate WHEN a waiting command has waited its longest THEN it runs anyway, and later leaves free the slots', async () => {
    const timers = manualTimers();
    const gate = new RunGate(1, 200, timers);
    const order: string[] = [];
    for (const name of ['a', 'b']) void gate.enter().then(() => order.push(name));
    await settled();
    expect(order).toEqual(['a']);
    timers.fire();
    await settled();
    expect(order).toEqual(['a', 'b']);
    expect(gate.running).toBe(2);
    gate.leave();
    gate.leave();
    expect(gate.running).toBe(0);
    expect(gate.waiting).toBe(0);
  });
});
