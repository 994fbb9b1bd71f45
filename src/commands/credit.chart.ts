import { z } from 'zod';
import { defineCommand } from '../core/command.js';
import { isRefusal, refuse, reply, text } from '../core/reply.js';
import { creditChartFile } from '../flows/credit-chart.js';
import { projectArg, resolveProject } from './project-access.js';

/** `/credit chart [PROJECT]`: a PNG of the project's credit and voucher balances and monthly consumption over 12 months. */
export const chart = defineCommand({
  name: 'chart',
  readOnly: true,
  summary: { en: 'Chart of a project’s credit, vouchers and consumption over 12 months', fr: 'Graphique du crédit, des vouchers et de la consommation d’un projet sur 12 mois' },
  args: z.object({
    project: projectArg,
  }),
  access: 'linked',
  examples: ['chart pc-demo'],
  async run(ctx, args) {
    const project = await resolveProject(ctx, args.project, ['admin', 'billing', 'tech']);
    if (isRefusal(project)) return project;
    if (!ctx.images) {
      return refuse('CHART.UNAVAILABLE', {
        en: 'Charts are not available on this Guichet (no image renderer is wired); /credit list shows the same figures.',
        fr: 'Les graphiques ne sont pas disponibles sur ce Guichet (aucun moteur d’images) ; /credit list montre les mêmes chiffres.',
      });
    }
    const view = { now: ctx.now, locale: ctx.locale, timeZone: ctx.config.timeZone };
    const file = await creditChartFile(ctx.provider.wallet, ctx.images, project, view);
    return reply([text(file.alt)], { title: file.title, files: [file] });
  },
});
