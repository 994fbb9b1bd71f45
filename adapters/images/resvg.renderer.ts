import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import type { ImageRenderer, RasterImage } from '../../src/ports/images.js';

const require = createRequire(import.meta.url);

/** The bundled fonts (resvg-wasm has no system fonts): Inter regular and semi-bold, from @expo-google-fonts/inter. */
const FONT_FILES = ['@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf', '@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf'];

let wasm: Promise<void> | undefined;
let ready: Promise<Uint8Array[]> | undefined;
let loaded = false;

/** Memoises `start()`; a failed attempt is forgotten so the next use tries again. */
function once<T>(current: Promise<T> | undefined, start: () => Promise<T>, forget: () => void): Promise<T> {
  if (current) return current;
  const p = start();
  p.catch(forget);
  return p;
}

/**
 * Loads the WebAssembly module and the fonts once per process, on first use (nothing is held until a chart is
 * drawn). The module is initialised at most once even when reading a font fails after it (resvg refuses a second
 * `initWasm`).
 */
function load(): Promise<Uint8Array[]> {
  ready = once(ready, async () => {
    wasm = once(wasm, () => initWasm(readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm'))), () => (wasm = undefined));
    await wasm;
    const fonts = await Promise.all(FONT_FILES.map(async (f) => new Uint8Array(await readFile(require.resolve(f)))));
    loaded = true;
    return fonts;
  }, () => (ready = undefined));
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
