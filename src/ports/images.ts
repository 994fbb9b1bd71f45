/** A raster image made from an SVG document. */
export interface RasterImage {
  /** The PNG file's bytes. */
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Turns SVG drawn by the core into PNG (an adapter holds the rasteriser and its fonts). */
export interface ImageRenderer {
  /** Rasterises `svg` scaled to `width` pixels (the height follows the SVG's aspect ratio). */
  png(svg: string, width: number): Promise<RasterImage>;
}

/** An image attached to a reply: a PNG file, its size and a text that says the same in words. */
export interface ImageFile {
  /** File name, e.g. `credit-pc-demo.png`. */
  readonly name: string;
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** What the image shows, in words (alt text, and what the console prints). */
  readonly alt: string;
  /** A short title (Slack shows it over the file). */
  readonly title: string;
}
