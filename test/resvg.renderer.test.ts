import { describe, expect, it } from 'vitest';
import { ConsoleNotifier } from '../adapters/console/console.notifier.js';
import { ResvgImageRenderer, resvgLoaded } from '../adapters/images/resvg.renderer.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect width="100" height="50" fill="#2563eb"/><text x="5" y="30" font-size="20">Aé</text></svg>`;

describe('the resvg-wasm renderer', () => {
  it('GIVEN a renderer made at start WHEN nothing is drawn THEN neither the WebAssembly nor the fonts are loaded; the first image loads them, once for concurrent calls', async () => {
    const r = new ResvgImageRenderer();
    expect(resvgLoaded()).toBe(false);
    const [a, b] = await Promise.all([r.png(SVG, 300), r.png(SVG, 300)]);
    expect(resvgLoaded()).toBe(true);
    expect([a.width, a.height]).toEqual([300, 150]);
    expect(Buffer.from(a.png).equals(Buffer.from(b.png))).toBe(true);
  });

  it('GIVEN a console channel post carrying an image (the digest’s way) WHEN the console notifier prints it THEN the file is written and its path printed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-notifier-files-'));
    try {
      const image = await new ResvgImageRenderer().png(SVG, 100);
      const lines: string[] = [];
      const file = { name: 'chart.png', png: image.png, width: image.width, height: image.height, alt: 'A blue rectangle.', title: 'Chart' };
      await new ConsoleNotifier((l) => lines.push(l), dir).post('console:local/general', { visibility: 'public', tone: 'info', sections: [], files: [file] });
      expect(lines.join('\n')).toContain(`🖼 ${join(dir, 'chart.png')} (100×50)`);
      expect(lines.join('\n')).toContain('A blue rectangle.');
      expect(readFileSync(join(dir, 'chart.png')).equals(Buffer.from(image.png))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
