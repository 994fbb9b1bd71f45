import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import type { ImageRenderer, RasterImage } from '../../src/ports/images.js';

const require = createRequire(import.meta.url);

/** The bundled fonts (resvg-wasm has no system fonts): Inter regular and semi-bold, from @expo-google-fonts/inter. */
const FONT_FILES = ['@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf', '@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf'];

let ready: Promise<Uint8Array[]> | undefined;
let loaded = false;

/** Loads the WebAssembly module and the fonts once per process, on first use (nothing is held until a chart is drawn). */
function load(): Promise<Uint8Array[]> {
  ready ??= (async () => {
    await initWasm(readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
    const fonts = await Promise.all(FONT_FILES.map(async (f) => new Uint8Array(await readFile(require.resolve(f)))));
    loaded = true;
    return fonts;
  })();
  ready.catch(() => (ready = undefined));
  return ready;
}

/** True once the WebAssembly module and fonts are loaded (they are not until the first image is drawn). */
export function resvgLoaded(): boolean {
  return loaded;
}

/** Rasterises SVG with resvg compiled to WebAssembly (no browser, no native build), with the bundled Inter font. */
export class ResvgImageRenderer implements ImageRenderer {
  /** Renders `svg` at `width` pixels wide as PNG. */
  async png(svg: string, width: number): Promise<RasterImage> {
    const fontBuffers = await load();
    const resvg = new Resvg(svg, {
      fitTo: { mode: 'width', value: width },
      font: { fontBuffers, defaultFontFamily: 'Inter', sansSerifFamily: 'Inter' },
      background: '#ffffff',
    });
    try {
      const image = resvg.render();
      try {
        return { png: image.asPng(), width: image.width, height: image.height };
      } finally {
        image.free();
      }
    } finally {
      resvg.free();
    }
  }
}
