/** A row on screen, remembered by value: its key and how far its top is below the viewport's top edge. */
export interface ScrollAnchor {
  key: string;
  offset: number;
}

/** A rendered row and where it is on screen, relative to the viewport's top edge. */
export interface RowOnScreen {
  key: string;
  index: number;
  top: number;
  bottom: number;
}

/**
 * Picks the row to hold in place while rows are inserted above it: the first eligible row whose top is on screen,
 * else the first eligible row reaching into the viewport.
 */
export function pickScrollAnchor(rows: readonly RowOnScreen[], viewportHeight: number, eligible: (index: number) => boolean): ScrollAnchor | null {
  const row =
    rows.find((item) => item.top >= 0 && item.top < viewportHeight && eligible(item.index)) ??
    rows.find((item) => item.bottom > 0 && item.top < viewportHeight && eligible(item.index));
  return row ? { key: row.key, offset: row.top } : null;
}

/** The scroll position that puts the anchor row, now starting at `start` in the list, back at its distance. */
export function anchoredScrollTop(anchor: ScrollAnchor, start: number): number {
  return Math.max(0, start - anchor.offset);
}
