import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reply } from '../../src/core/reply.js';

/** The folder console replies' files go to: `GUICHET_FILES_DIR`, else `guichet-files` in the temp folder. */
export function consoleFilesDir(configured: string | undefined = process.env.GUICHET_FILES_DIR): string {
  return configured && configured.trim() ? configured : join(tmpdir(), 'guichet-files');
}

/** Writes the reply's files into `dir` and returns what to print for each: the path, then the alt text unless `shown` has it. */
export async function writeReplyFiles(reply: Reply, dir: string, shown = ''): Promise<string[]> {
  if (!reply.files?.length) return [];
  await mkdir(dir, { recursive: true });
  const out: string[] = [];
  for (const f of reply.files) {
    const path = join(dir, f.name);
    await writeFile(path, f.png);
    out.push(`🖼 ${path} (${f.width}×${f.height})`);
    if (!shown.includes(f.alt)) out.push(f.alt);
  }
  return out;
}
