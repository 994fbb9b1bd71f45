import type { Locale } from '../core/i18n.js';
import type { AccountReader } from '../core/views.js';
import type { Service } from '../domain/service.js';
import { chartStart, creditChartOf } from '../flows/credit-chart.js';
import type { ImageFile, ImageRenderer } from '../ports/images.js';
import type { Logger } from '../ports/logger.js';
import type { CreditHistory } from '../ports/provider.js';

/** Credit charts a digest carries at most (one per Public Cloud project with credit or vouchers, by project ID). */
export const DIGEST_CHARTS_MAX = 3;

/** What the digest's credit charts need: reads of the account through the provider, and the renderer (none: no chart). */
export interface DigestChartDeps {
  readonly read: AccountReader;
  readonly images?: ImageRenderer;
  readonly logger: Logger;
}

/** A digest's charts in one language, and how many projects with a wallet got none (over `DIGEST_CHARTS_MAX`). */
export interface DigestCharts {
  readonly files: readonly ImageFile[];
  readonly omitted: number;
}

const NONE: DigestCharts = { files: [], omitted: 0 };

interface Histories {
  readonly now: Date;
  readonly shown: readonly { readonly project: Service; readonly history: CreditHistory }[];
  readonly omitted: number;
}

/**
 * The credit charts of one digest occurrence, per language: the projects and their histories are read once, in a unit
 * of work that commits nothing; each language's charts are rendered outside it. Called after the claim is taken and
 * before anything is posted. A read or a renderer that fails leaves charts out (one warning per occurrence): the digest
 * is posted without them. Without a renderer (or without `deps`) there is no chart.
 */
export function digestCharts(deps: DigestChartDeps | undefined, account: string, timeZone: string): (locale: Locale) => Promise<DigestCharts> {
  const images = deps?.images;
  if (!deps || !images) return async () => NONE;
  let warned = false;
  const warn = (error: unknown, msg: string) => {
    if (warned) return;
    warned = true;
    deps.logger.warn({ account, err: error instanceof Error ? error.message : String(error) }, msg);
  };
  let histories: Promise<Histories | undefined> | undefined;
  const read = () => deps.read(account, async (cloud, now) => {
    const projects = (await cloud.account.facts()).credits
      .filter((c) => c.project.kind === 'public-cloud-project' && c.entries.length > 0)
      .map((c) => c.project)
      .sort((a, b) => a.id.localeCompare(b.id));
    const shown = [];
    for (const project of projects.slice(0, DIGEST_CHARTS_MAX)) shown.push({ project, history: await cloud.wallet.history(project, chartStart(now, timeZone)) });
    return { now, shown, omitted: projects.length - shown.length };
  }).catch((error: unknown) => {
    warn(error, 'weekly digest without credit charts: the credit histories could not be read');
    return undefined;
  });
  return async (locale) => {
    const got = await (histories ??= read());
    if (!got) return NONE;
    const files: ImageFile[] = [];
    for (const { project, history } of got.shown) {
      try {
        files.push(await creditChartOf(history, images, project, { now: got.now, locale, timeZone }));
      } catch (error) {
        warn(error, 'weekly digest without a credit chart: the image renderer failed');
      }
    }
    return { files, omitted: got.omitted };
  };
}
