import { createHash } from 'node:crypto';
import type { Tx } from '../ports/store.js';
import type { JobContext, JobRegistry, PreviewItem } from './job-registry.js';

/** Reminders shown per page of `/reminders preview`. */
export const PREVIEW_PAGE_SIZE = 15;

/** The sort key of a preview item: its time, then a short hash of what it says (stable across runs). */
function keyOf(item: PreviewItem): { at: number; hash: string } {
  return { at: Date.parse(item.at), hash: createHash('sha256').update(`${item.type}|${item.what.en}`).digest('hex').slice(0, 8) };
}

const before = (a: { at: number; hash: string }, b: { at: number; hash: string }) => a.at - b.at || a.hash.localeCompare(b.hash);
const CURSOR = /^([0-9a-z]{1,11})-([0-9a-f]{8})$/;

/** True when a typed text is a preview cursor (as printed at the end of a page). */
export function isPreviewCursor(typed: string): boolean {
  return CURSOR.test(typed);
}

/** Every reminder due for an account between `from` and `to`, from every source of the registry, in time order. */
export async function previewReminders(tx: Tx, registry: JobRegistry, account: string, from: Date, to: Date, ctx: JobContext): Promise<PreviewItem[]> {
  const items: PreviewItem[] = [];
  for (const source of registry.reminderSources) if (source.preview) items.push(...(await source.preview(tx, account, from, to, ctx)));
  return items.map((item) => ({ item, key: keyOf(item) })).sort((a, b) => before(a.key, b.key)).map((x) => x.item);
}

/**
 * One page of preview items (sorted by `previewReminders`) after a cursor: the items after it, at most `size`, and the
 * cursor of the next page when more follow. A cursor names a position (time and content), so items that came or went
 * meanwhile neither repeat nor shift the page. Call `isPreviewCursor` first.
 */
export function previewPage(items: readonly PreviewItem[], after: string | undefined, size = PREVIEW_PAGE_SIZE): { items: PreviewItem[]; next?: string } {
  const m = after ? CURSOR.exec(after) : null;
  const from = m ? { at: parseInt(m[1]!, 36), hash: m[2]! } : undefined;
  const rest = from ? items.filter((i) => before(keyOf(i), from) > 0) : [...items];
  const page = rest.slice(0, size);
  if (rest.length <= size) return { items: page };
  const last = keyOf(page[page.length - 1]!);
  return { items: page, next: `${last.at.toString(36)}-${last.hash}` };
}
