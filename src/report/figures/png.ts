/**
 * SVG -> PNG with resvg (`@resvg/resvg-js`, a Rust renderer whose binary ships inside the npm package: no
 * browser, no system library). Chinese labels need a CJK font on the machine: resvg loads the system fonts
 * (on Debian/Ubuntu `apt-get install fonts-noto-cjk`, or the smaller `fonts-wqy-microhei`), plus any font
 * files named in `fontFiles` or in the `PILOTZONE_FONT` environment variable (`:`-separated paths).
 * Without one, Latin text still renders and Chinese characters are left out.
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';

export interface PngOptions {
  /** Scale factor over the SVG's own size (default 2: sharp on high-DPI screens and in Word). */
  scale?: number;
  /** Extra font files (TTF/OTF/TTC). */
  fontFiles?: readonly string[];
  /** Background colour (default white). */
  background?: string;
}

/** Well-known locations of CJK fonts on Debian/Ubuntu, macOS and Windows, tried in order. */
export const CJK_FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/System/Library/Fonts/PingFang.ttc',
  'C:\\Windows\\Fonts\\msyh.ttc',
] as const;

/** The first CJK font file found on this machine (or named by `PILOTZONE_FONT`), or undefined. */
export function findCjkFont(): string | undefined {
  const env = process.env['PILOTZONE_FONT'];
  for (const p of [...(env ? env.split(':') : []), ...CJK_FONT_CANDIDATES]) if (p && existsSync(p)) return p;
  return undefined;
}

/** PNG bytes of an SVG string (see the module comment for fonts). */
export function toPng(svg: string, opts: PngOptions = {}): Uint8Array {
  // System fonts (which include the standard CJK locations) load anyway; add only what the user named.
  const env = process.env['PILOTZONE_FONT'];
  const fontFiles = [...(opts.fontFiles ?? []), ...(env ? env.split(':').filter((f) => f && existsSync(f)) : [])];
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: opts.scale ?? 2 },
    background: opts.background ?? 'white',
    font: { loadSystemFonts: true, fontFiles, defaultFontFamily: 'Noto Sans CJK SC' },
  });
  return new Uint8Array(r.render().asPng());
}
