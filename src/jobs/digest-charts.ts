import type { Locale } from '../core/i18n.js';
import type { AccountReader } from '../core/views.js';
import type { Service } from '../domain/service.js';
import { chartStart, creditChartOf } from '../flows/credit-chart.js';
import type { ImageFile, ImageRenderer } from '../ports/images.js';
import type { Logger } from '../ports/logger.js';
import type { CreditHistory } from '../ports/provider.js';

/** Credit charts a digest carries at most (one per Public Cloud project with a credit history). */
export const DIGEST_CHARTS_MAX = 3;
/** Projects' histories read at most per digest (an account with many projects without credit costs a bounded read). */
const HISTORY_READS_MAX = 2 * DIGEST_CHARTS_MAX;

/** What the digest's credit charts need: reads of the account through the provider, and the renderer (none: no chart). */
export interface DigestChartDeps {
  readonly read: AccountReader;
  readonly images?: ImageRenderer;
  readonly logger: Logger;
}

/** A digest's charts in one language, and how many Public Cloud projects were not looked at (over the caps). */
export interface DigestCharts {
  readonly files: readonly ImageFile[];
  readonly omitted: number;
}

/** True when the history has something to draw: a balance or some consumption. */
function hasHistory(h: CreditHistory): boolean {
  return h.consumption.length > 0 || h.balances.some((p) => p.creditMinor !== 0 || p.voucherMinor !== 0);
}

const NONE: DigestCharts = { files: [], omitted: 0 };

interface Histories {
  readonly now: Date;
  readonly shown: readonly { readonly project: Service; readonly history: CreditHistory }[];
  readonly omitted: number;
}

/**
 * The credit charts of one digest occurrence, per language: one per Public Cloud project with a credit history (balances
 * or consumption over the chart's 12 months), at most `DIGEST_CHARTS_MAX`. The projects and their histories are read once, in a unit
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
    // The account's Public Cloud projects, those with credit or vouchers first, then by ID.
    const projects = (await cloud.account.facts()).credits
      .filter((c) => c.project.kind === 'public-cloud-project')
      .sort((a, b) => Number(b.entries.length > 0) - Number(a.entries.length > 0) || a.project.id.localeCompare(b.project.id))
      .map((c) => c.project);
    const shown = [];
    let looked = 0;
    for (const project of projects) {
      if (shown.length === DIGEST_CHARTS_MAX || looked === HISTORY_READS_MAX) break;
      looked++;
      const history = await cloud.wallet.history(project, chartStart(now, timeZone));
      if (hasHistory(history)) shown.push({ project, history });
    }
    return { now, shown, omitted: projects.length - looked };
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
