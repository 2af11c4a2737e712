/**
 * Renders every icon the app and its installers need from the ONE source image, build/icon.svg:
 *   build/icon.png (1024, electron-builder derives the macOS .icns and the Windows .ico from it),
 *   build/icons/<n>x<n>.png (Linux), build/tray/tray-<0..9|9plus>[@2x].png (tray, with the unread badge),
 *   build/tray/overlay-<1..9|9plus>[@2x].png (Windows taskbar overlay).
 * Digits are drawn as strokes, not text, so the output does not depend on the fonts of the machine.
 * Run with `npx tsx scripts/generate-icons.ts`; the outputs are committed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

const root = resolve(import.meta.dirname, '..');
const build = join(root, 'build');
const source = readFileSync(join(build, 'icon.svg'), 'utf8');

function render(svg: string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng();
}

function write(file: string, png: Buffer): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, png);
  console.log(`wrote ${file.slice(root.length + 1)}`);
}

/** Strokes of each glyph in a 10×16 box (polylines), like a rounded seven-segment display. */
const glyphs: Record<string, string[]> = {
  '0': ['M1 1H9V15H1Z'],
  '1': ['M3 3L6 1V15', 'M3 15H9'],
  '2': ['M1 1H9V8H1V15H9'],
  '3': ['M1 1H9V15H1', 'M3 8H9'],
  '4': ['M1 1V8H9', 'M9 1V15'],
  '5': ['M9 1H1V8H9V15H1'],
  '6': ['M9 1H1V15H9V8H1'],
  '7': ['M1 1H9L4 15'],
  '8': ['M1 1H9V15H1Z', 'M1 8H9'],
  '9': ['M9 8H1V1H9V15H1'],
  '+': ['M5 4V12', 'M1 8H9'],
};

/** A text of glyphs as SVG strokes, centred on (cx, cy), `height` tall. */
function strokes(text: string, cx: number, cy: number, height: number, color: string): string {
  const scale = height / 16;
  const advance = 13;
  const width = (text.length * advance - 3) * scale;
  const parts = [...text].map((char, index) =>
    glyphs[char]!.map((d) => `<path d="${d}" transform="translate(${index * advance} 0)"/>`).join(''),
  );
  return `<g transform="translate(${cx - width / 2} ${cy - height / 2}) scale(${scale})" fill="none" stroke="${color}" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round">${parts.join('')}</g>`;
}

const badgeText = (variant: string) => (variant === '9plus' ? '9+' : variant);

/** The app icon with a red count badge in its top-right corner (the tray icon). */
function traySvg(variant: string): string {
  const inner = source.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  const badge =
    variant === '0'
      ? ''
      : `<circle cx="760" cy="264" r="264" fill="#e5333b" stroke="#ffffff" stroke-width="36"/>${strokes(badgeText(variant), 760, 264, 300, '#ffffff')}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024" width="1024" height="1024">${inner}${badge}</svg>`;
}

/** Just the red count, for the Windows taskbar overlay. */
function overlaySvg(variant: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#e5333b"/>${strokes(badgeText(variant), 32, 32, 34, '#ffffff')}</svg>`;
}

write(join(build, 'icon.png'), render(source, 1024));
for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) write(join(build, 'icons', `${size}x${size}.png`), render(source, size));
const variants = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '9plus'];
for (const variant of variants) {
  write(join(build, 'tray', `tray-${variant}.png`), render(traySvg(variant), 32));
  write(join(build, 'tray', `tray-${variant}@2x.png`), render(traySvg(variant), 64));
  if (variant === '0') continue;
  write(join(build, 'tray', `overlay-${variant}.png`), render(overlaySvg(variant), 16));
  write(join(build, 'tray', `overlay-${variant}@2x.png`), render(overlaySvg(variant), 32));
}
