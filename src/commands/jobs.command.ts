import { z } from 'zod';
import { defineCommand } from '../core/command.js';
import { formatDateTime } from '../core/i18n.js';
import { refuse, reply, text } from '../core/reply.js';

/** `/guichet admin run-jobs`: runs the lifecycle and reminder jobs now, and reports what they did. */
export const runJobsCommand = defineCommand({
  name: 'admin run-jobs',
  summary: { en: 'Run the lifecycle and reminder jobs now, and report (operators)', fr: 'Lancer maintenant les traitements d’échéance et de rappels, avec un compte rendu (opérateurs)' },
  args: z.object({}),
  access: 'operator',
  async run(ctx) {
    if (!ctx.runJobsAfterCommit()) {
      return refuse('JOBS.UNAVAILABLE', { en: 'No job runner is wired in this process.', fr: 'Aucun exécuteur de traitements n’est branché dans ce processus.' });
    }
    ctx.audit('admin.run-jobs', null);
    return reply([text(ctx.t({
      en: `Jobs run as of ${formatDateTime(ctx.now, 'en', ctx.config.timeZone)}:`,
      fr: `Traitements exécutés au ${formatDateTime(ctx.now, 'fr', ctx.config.timeZone)} :`,
    }))], { title: ctx.t({ en: 'Scheduled jobs', fr: 'Traitements planifiés' }) });
  },
});
