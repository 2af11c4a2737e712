import { ConvId } from '../../shared/protocol/primitives';

export const DEEP_LINK_SCHEME = 'parley';

/** What a `parley://` link asks for. Only one kind exists today: open a conversation. */
export type DeepLink = { kind: 'openConversation'; convId: string };

/**
 * Parses `parley://open/<convId>`. Anything else (other hosts, extra path segments, query strings, ids that the
 * shared schema rejects) is refused, because the link comes from outside the app.
 */
export function parseDeepLink(raw: string): DeepLink | null {
  if (raw.length > 512) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:` || url.hostname !== 'open') return null;
  if (url.username || url.password || url.port || url.search || url.hash) return null;
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  if (segments.length !== 1) return null;
  let convId: string;
  try {
    convId = decodeURIComponent(segments[0]!);
  } catch {
    return null;
  }
  const parsed = ConvId.safeParse(convId);
  return parsed.success ? { kind: 'openConversation', convId: parsed.data } : null;
}

/** The first valid deep link among command-line arguments (Windows and Linux pass the link as an argument). */
export function findDeepLink(argv: readonly string[]): DeepLink | null {
  for (const arg of argv) {
    if (!arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) continue;
    const link = parseDeepLink(arg);
    if (link) return link;
  }
  return null;
}
