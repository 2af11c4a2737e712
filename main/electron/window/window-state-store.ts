import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Rect, type SavedWindowState } from './window-state';

/** Reads the saved state; anything unreadable counts as nothing saved (restoreBounds validates the content). */
export function readWindowState(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

export function writeWindowState(file: string, state: SavedWindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(state));
  renameSync(temp, file);
}

/** The window calls this object needs; on a maximized window the normal bounds are the ones worth keeping. */
export interface TrackedWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
}

/**
 * Saves the window's size and position shortly after the user stops moving or resizing it, and at once when it
 * closes. Dispose stops the pending save.
 */
export class WindowStateKeeper {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly window: TrackedWindow,
    private readonly file: string,
    private readonly delayMs = 500,
  ) {
    const later = () => this.schedule();
    for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event, later);
    window.on('close', () => this.saveNow());
  }

  saveNow(): void {
    this.cancel();
    if (this.window.isDestroyed()) return;
    const { x, y, width, height } = this.window.getNormalBounds();
    const state = { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) };
    try {
      writeWindowState(this.file, { ...state, maximized: this.window.isMaximized() });
    } catch {
      // Losing the window position is not worth interrupting the user for.
    }
  }

  dispose(): void {
    this.cancel();
  }

  private schedule(): void {
    this.cancel();
    this.timer = setTimeout(() => this.saveNow(), this.delayMs);
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
