export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const candidate = /\b(?:https?:\/\/|mailto:|www\.)[^\s<>"']+/gi;
const safeProtocols = new Set(['http:', 'https:', 'mailto:']);
// Punctuation that ends a sentence is rarely part of the address ("see https://x.org.").
const trailing = /[.,;:!?)\]}'"»”’]+$/;

/** Only http(s) and mailto addresses become links; anything else stays text. */
export function safeHref(raw: string): string | null {
  const withScheme = /^www\./i.test(raw) ? `https://${raw}` : raw;
  try {
    const url = new URL(withScheme);
    if (!safeProtocols.has(url.protocol)) return null;
    if (url.protocol !== 'mailto:' && url.hostname === '') return null;
    return url.href;
  } catch {
    return null;
  }
}

/** Splits message text into plain text and safe links. Never produces markup: rendering stays text nodes. */
export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(candidate)) {
    let raw = match[0];
    const cut = trailing.exec(raw);
    if (cut && !(cut[0].startsWith(')') && raw.includes('('))) raw = raw.slice(0, raw.length - cut[0].length);
    const href = safeHref(raw);
    if (href === null) continue;
    const start = match.index;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    segments.push({ kind: 'link', text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}
