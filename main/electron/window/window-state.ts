import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is saved between runs. Validated on read: the file is outside the app's control. */
export const SavedWindowState = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  maximized: z.boolean(),
});
export type SavedWindowState = z.infer<typeof SavedWindowState>;

export const MIN_SIZE = { width: 720, height: 480 };
export const DEFAULT_SIZE = { width: 1100, height: 760 };

/** Where to open the window: a position only when it lands on a display (otherwise the OS centres it). */
export interface InitialBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

const overlap = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), Math.max(min, max));

/**
 * Turns what was saved into bounds that are fully visible on today's displays: the display the window overlapped
 * most (displays may have been unplugged since), a size no larger than that display's work area and no smaller
 * than the minimum, moved inside it. Garbage or a window on no display gives the default size, centred.
 */
export function restoreBounds(saved: unknown, workAreas: readonly Rect[]): InitialBounds {
  const parsed = SavedWindowState.safeParse(saved);
  const fallback: InitialBounds = { ...DEFAULT_SIZE, maximized: false };
  const primary = workAreas[0];
  if (primary) {
    fallback.width = clamp(DEFAULT_SIZE.width, Math.min(MIN_SIZE.width, primary.width), primary.width);
    fallback.height = clamp(DEFAULT_SIZE.height, Math.min(MIN_SIZE.height, primary.height), primary.height);
  }
  if (!parsed.success) return fallback;
  const state = parsed.data;
  let best: Rect | null = null;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const shared = overlap(state, area);
    if (shared > bestOverlap) {
      best = area;
      bestOverlap = shared;
    }
  }
  if (!best) return { ...fallback, width: Math.min(state.width, fallback.width), height: Math.min(state.height, fallback.height), maximized: state.maximized };
  const width = clamp(state.width, Math.min(MIN_SIZE.width, best.width), best.width);
  const height = clamp(state.height, Math.min(MIN_SIZE.height, best.height), best.height);
  return {
    x: clamp(state.x, best.x, best.x + best.width - width),
    y: clamp(state.y, best.y, best.y + best.height - height),
    width,
    height,
    maximized: state.maximized,
  };
}
