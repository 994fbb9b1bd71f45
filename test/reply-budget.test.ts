import { describe, expect, it } from 'vitest';
import { ReplyBudget } from '../adapters/reply-budget.js';
import { ManualTimers } from './support/manual-timers.js';

const BUDGET_MS = 1_500;

describe('ReplyBudget (the reply within budget, else the fallback)', () => {
  it('GIVEN a reply ready in time WHEN it takes the answer THEN the timer is cancelled and the fallback never goes', async () => {
    const timers = new ManualTimers();
    let fellBack = 0;
    const budget = new ReplyBudget(async () => { fellBack++; }, timers, BUDGET_MS);
    expect(timers.waiting).toEqual([BUDGET_MS]);
    expect(budget.take()).toBe(true);
    expect(timers.waiting).toEqual([]);
    expect(budget.fallBack()).toBeUndefined();
    expect(budget.take()).toBe(false);
    expect([fellBack, budget.fellBack]).toEqual([0, undefined]);
  });

  it('GIVEN the budget runs out WHEN the reply comes afterwards THEN the fallback went once and the reply follows it', async () => {
    const timers = new ManualTimers();
    let fellBack = 0;
    const budget = new ReplyBudget(async () => { fellBack++; }, timers, BUDGET_MS);
    timers.fire();
    expect(budget.take()).toBe(false);
    expect(budget.fallBack()).toBeUndefined();
    await expect(budget.fellBack).resolves.toBeUndefined();
    expect(fellBack).toBe(1);
  });

  it('GIVEN a busy event loop (the budget spent by the clock, its timer not run yet) WHEN the reply takes the answer THEN it gets none, the fallback goes at once and the timer is cancelled', async () => {
    const timers = new ManualTimers();
    let now = 5_000;
    let fellBack = 0;
    const budget = new ReplyBudget(async () => { fellBack++; }, timers, BUDGET_MS, () => now);
    now += BUDGET_MS;
    expect(budget.take()).toBe(false);
    expect(fellBack).toBe(1);
    expect(timers.waiting).toEqual([]);
    expect(budget.fellBack).toBeInstanceOf(Promise);
  });

  it('GIVEN a fallback that fails WHEN the timer sends it THEN nothing is thrown at the timer, and whoever awaits the fallback gets the failure', async () => {
    const timers = new ManualTimers();
    const budget = new ReplyBudget(() => Promise.reject(new Error('interaction already acknowledged')), timers, BUDGET_MS);
    expect(() => timers.fire()).not.toThrow();
    await new Promise((r) => setImmediate(r)); // an unhandled rejection would fail the run here
    expect(budget.take()).toBe(false);
    await expect(budget.fellBack).rejects.toThrow('interaction already acknowledged');
  });
});
