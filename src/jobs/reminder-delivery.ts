import type { Locale } from '../core/i18n.js';
import { mayTake } from '../domain/lease.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { Notifier } from '../ports/notifier.js';
import type { DueEntry, Tx, UnitOfWork } from '../ports/store.js';
import { jobMail } from './job-effects.js';
import type { JobContext, ReminderPlan, ReminderSource } from './job-registry.js';
import { render, type ReportBuilder } from './job-report.js';
import { moveEntry } from '../flows/schedule.js';
import type { Reply } from '../core/reply.js';

/**
 * Hands this process's claim over at once; false when it is no longer ours (it lapsed and was taken). Released, not
 * deleted: a deleted key reads like one never written, so a process that read "no claim" before ours was taken
 * could still commit its own claim after this one (and post again). The job run purges old ones.
 */
async function releaseClaim(tx: Tx, deps: ReminderDeliveryDeps, claim: string): Promise<boolean> {
  const current = await tx.leases.get(claim);
  if (current?.holder !== deps.holder) return false;
  tx.leases.put({ ...current, state: 'released', until: deps.leaseClock.now().toISOString() });
  return true;
}

/** Leaves an occurrence that has nothing to say (a digest when nothing needs anyone): claim released, entry moved on, nothing marked. */
async function skipOccurrence(deps: ReminderDeliveryDeps, owner: string, claim: string, entry: DueEntry, next: string | undefined): Promise<void> {
  await deps.store.run(async (tx) => {
    await releaseClaim(tx, deps, claim);
    if (owns(await tx.schedules.get(owner), entry)) await moveEntry(tx, owner, entry, next ? { ...entry, at: next } : undefined);
    return { commit: true, result: undefined };
  });
}

/** What posting reminders needs; `holder` names this process in the claims it takes. */
export interface ReminderDeliveryDeps {
  readonly store: UnitOfWork;
  readonly notifier: Notifier;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly holder: string;
  /** Real time for claims (not the domain clock: a claim lapses when its holder stopped, whatever the simulated date). */
  readonly leaseClock: Clock;
  readonly claimTtlMs: number;
  /** Monotonic milliseconds (the mark window measure). */
  readonly ticker: () => number;
}

/** The key of a due entry. */
export const keyOf = (e: DueEntry) => `${e.at}|${e.kind}|${e.ref}`;
const same = (a: DueEntry, b: DueEntry) => keyOf(a) === keyOf(b);
/** True unless the owner keeps a schedule record that no longer lists the entry (owners without a record are trusted). */
const owns = (schedule: readonly DueEntry[], e: DueEntry) => schedule.length === 0 || schedule.some((x) => same(x, e));
/** The identity of one post of a reminder to one target, as it is marked: the key a retry of that post carries again. */
export const deliveryKey = (reminder: string, target: string) => `${reminder}>${target}`;
/** The claim a process takes on a reminder entry while it posts it. */
export const claimName = (e: DueEntry) => `reminder:${keyOf(e)}`;

type Prep =
  | { kind: 'stale' }
  | { kind: 'claimed' }
  | { kind: 'repeat'; plan: Extract<ReminderPlan, { kind: 'send' }> }
  | { kind: 'plan'; plan: Exclude<ReminderPlan, { kind: 'send' }> }
  | { kind: 'send'; plan: Extract<ReminderPlan, { kind: 'send' }>; targets: { channel: string; locale: Locale }[]; mails: string[] };

/**
 * Posts one reminder entry exactly once across processes: a claim on the entry is taken in the same commit that
 * reads what to post (a second process sees it and leaves the entry); each target accepted by the platform is
 * marked in one commit that also releases the claim. A process that dies in between leaves a claim that lapses
 * after `claimTtlMs`, and whoever runs next posts only the targets not marked. The one window that stays open:
 * killed after the platform accepted a post and before the mark committed, that target gets the post twice (every
 * post carries `deliveryKey`, the same on any retry: Discord deduplicates on it for a few minutes, Slack cannot).
 */
export async function deliverReminder(deps: ReminderDeliveryDeps, source: ReminderSource, entry: DueEntry, ctx: JobContext, report: ReportBuilder, sentThisRun: Set<string>): Promise<void> {
  const owner = source.ownerOf(entry);
  const claim = claimName(entry);
  const prep = await deps.store.run<Prep>(async (tx) => {
    if (!owns(await tx.schedules.get(owner), entry)) return { commit: false, result: { kind: 'stale' } };
    const plan = await source.compose(tx, entry, ctx);
    if (plan.kind !== 'send') return { commit: false, result: { kind: 'plan', plan } };
    if (sentThisRun.has(plan.id)) return { commit: false, result: { kind: 'repeat', plan } };
    const now = deps.leaseClock.now();
    if (!mayTake(await tx.leases.get(claim), deps.holder, now)) return { commit: false, result: { kind: 'claimed' } };
    const done = new Set((await tx.reminders.marks(plan.id)).map((m) => m.target));
    const targets: { channel: string; locale: Locale }[] = [];
    for (const id of plan.accounts) {
      const account = await tx.accounts.get(id);
      for (const sub of await tx.reminders.subscriptions(id)) {
        if (!sub.types.includes(source.type) || done.has(sub.channel) || targets.some((t) => t.channel === sub.channel)) continue;
        targets.push({ channel: sub.channel, locale: account?.locale ?? ctx.config.locale });
      }
    }
    tx.leases.put({ name: claim, holder: deps.holder, since: now.toISOString(), until: new Date(now.getTime() + deps.claimTtlMs).toISOString(), state: 'held' });
    return { commit: true, result: { kind: 'send', plan, targets, mails: plan.mail === false ? [] : plan.accounts.filter((a) => !done.has(`mail:${a}`)) } };
  });
  if (prep.kind === 'claimed') {
    report.count('reminders-claimed-elsewhere');
    return;
  }
  if (prep.kind === 'stale' || prep.kind === 'repeat') {
    // Rescheduled meanwhile, or a second entry for a reminder handled in this run: it goes, its owner keeps the current one.
    await deps.store.run(async (tx) => {
      tx.due.remove(entry);
      if (prep.kind === 'repeat') tx.schedules.set(owner, (await tx.schedules.get(owner)).filter((e) => !same(e, entry)));
      return { commit: true, result: undefined };
    });
    report.count('reminders-stale');
    return;
  }
  if (prep.kind === 'plan') {
    const plan = prep.plan;
    await deps.store.run(async (tx) => {
      await moveEntry(tx, owner, entry, plan.kind === 'wait' ? { ...entry, at: plan.at } : undefined);
      return { commit: true, result: undefined };
    });
    report.count(plan.kind === 'wait' ? 'reminders-scheduled' : 'reminders-dropped');
    return;
  }
  const send = prep;
  const plan = send.plan;
  sentThisRun.add(plan.id);
  // One post per language; without a view it is the message's text (never undefined, so never skipped).
  const view = plan.view ?? ((locale: Locale) => Promise.resolve(render(plan.message, locale)));
  const views = new Map<Locale, Reply | undefined>();
  for (const locale of new Set(send.targets.map((t) => t.locale))) views.set(locale, await view(locale));
  if (send.targets.length > 0 && [...views.values()].every((v) => v === undefined)) {
    await skipOccurrence(deps, owner, claim, entry, plan.next);
    report.count('reminders-skipped');
    return;
  }
  const ok: string[] = [];
  const failures: string[] = [];
  const missed = new Map<string, string>();
  let firstAccepted: number | undefined;
  for (const t of send.targets) {
    const message = views.get(t.locale);
    if (!message) continue;
    const delivery = await deps.notifier.post(t.channel, message, { key: deliveryKey(plan.id, t.channel) });
    if (delivery.ok) {
      firstAccepted ??= deps.ticker();
      ok.push(t.channel);
      // Marked like any post (posting again would repeat the message): the files are not retried.
      if (delivery.missed) {
        missed.set(t.channel, delivery.missed);
        report.count('reminders-files-missed');
        deps.logger.warn({ reminder: plan.id, channel: t.channel, reason: delivery.missed }, 'reminder posted without its files');
      }
    } else {
      failures.push(`${t.channel} (${delivery.reason})`);
      deps.logger.warn({ reminder: plan.id, channel: t.channel, reason: delivery.reason }, 'reminder not posted; retried next run');
    }
  }
  const kept = await deps.store.run(async (tx) => {
    const at = ctx.now.toISOString();
    const ours = await releaseClaim(tx, deps, claim);
    for (const channel of ok) tx.reminders.mark({ reminder: plan.id, target: channel, at });
    const again = await source.compose(tx, entry, ctx);
    if (again.kind === 'send' && again.id === plan.id && owns(await tx.schedules.get(owner), entry)) {
      const marked = new Set((await tx.reminders.marks(plan.id)).map((m) => m.target));
      for (const id of send.mails.filter((a) => !marked.has(`mail:${a}`))) {
        await jobMail(tx, id, plan.message, ctx);
        report.touched([id]);
        tx.reminders.mark({ reminder: plan.id, target: `mail:${id}`, at });
      }
      if (failures.length === 0) await moveEntry(tx, owner, entry, plan.next ? { ...entry, at: plan.next } : undefined);
    }
    return { commit: true, result: ours };
  });
  if (firstAccepted !== undefined) deps.metrics.reminderMarkWindow((deps.ticker() - firstAccepted) / 1000);
  if (!kept) deps.logger.warn({ reminder: plan.id }, 'reminder claim lapsed while posting (posting took longer than the claim); marked anyway');
  if (ok.length) {
    report.count('reminders-sent', ok.length);
    deps.metrics.reminders('sent', ok.length);
  }
  const failed = failures.length;
  if (failed) {
    report.count('reminders-failed', failed);
    deps.metrics.reminders('failed', failed);
  }
  if (send.targets.length === 0 && send.mails.length > 0) {
    report.count('reminders-mail-only');
    report.line({ en: `Reminder ${plan.label}: no channel subscribed (kept in service e-mails)`, fr: `Rappel ${plan.label} : aucun canal abonné (gardé dans les e-mails de service)` });
  }
  for (const channel of ok) {
    const why = missed.get(channel);
    report.line(why
      ? { en: `Reminder ${plan.label} → ${channel}, without its files (${why})`, fr: `Rappel ${plan.label} → ${channel}, sans ses fichiers (${why})` }
      : { en: `Reminder ${plan.label} → ${channel}`, fr: `Rappel ${plan.label} → ${channel}` });
  }
  if (failed) report.line({ en: `Reminder ${plan.label}: not posted to ${failures.join(', ')}; retried next run`, fr: `Rappel ${plan.label} : non publié sur ${failures.join(', ')} ; nouvel essai au prochain passage` });
}
