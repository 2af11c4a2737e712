import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow } from '../testing/fake-electron';
import { DEFAULT_SIZE, MIN_SIZE, restoreBounds } from './window-state';
import { readWindowState, WindowStateKeeper } from './window-state-store';

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 1000 };

describe('restoreBounds', () => {
  it('keeps a saved window that is fully visible', () => {
    const saved = { x: 100, y: 50, width: 1000, height: 700, maximized: true };
    expect(restoreBounds(saved, [primary, right])).toEqual(saved);
  });

  it('uses the default size, centred, for missing or invalid state', () => {
    for (const saved of [null, 'x', { x: 1 }, { x: 0, y: 0, width: -5, height: 10, maximized: false }, { x: 0.5, y: 0, width: 800, height: 600, maximized: false }]) {
      expect(restoreBounds(saved, [primary])).toEqual({ ...DEFAULT_SIZE, maximized: false });
    }
  });

  it('moves a window from an unplugged display back to a visible one', () => {
    const onGone = { x: 4000, y: 200, width: 900, height: 600, maximized: false };
    const restored = restoreBounds(onGone, [primary]);
    expect(restored.x).toBeUndefined();
    expect(restored).toMatchObject({ width: 900, height: 600 });
  });

  it('pulls a half-visible window inside the display it overlaps most', () => {
    expect(restoreBounds({ x: 3000, y: -200, width: 800, height: 600, maximized: false }, [primary, right])).toEqual({
      x: 1920 + 1280 - 800,
      y: 0,
      width: 800,
      height: 600,
      maximized: false,
    });
  });

  it('shrinks a window larger than its display and grows one below the minimum', () => {
    const big = restoreBounds({ x: 0, y: 0, width: 5000, height: 3000, maximized: false }, [primary]);
    expect(big).toEqual({ x: 0, y: 0, width: 1920, height: 1040, maximized: false });
    const tiny = restoreBounds({ x: 10, y: 10, width: 50, height: 40, maximized: false }, [primary]);
    expect(tiny).toMatchObject({ width: MIN_SIZE.width, height: MIN_SIZE.height });
  });
});

describe('WindowStateKeeper', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-window-'));
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('saves shortly after the last move and immediately on close', () => {
    const file = join(dir, 'window-state.json');
    const window = new FakeBrowserWindow({ x: 10, y: 20, width: 900, height: 700 });
    const keeper = new WindowStateKeeper(window, file, 500);

    window.setBounds({ x: 30, y: 40, width: 900, height: 700 });
    window.emit('move');
    vi.advanceTimersByTime(499);
    expect(readWindowState(file)).toBeNull();
    vi.advanceTimersByTime(1);
    expect(readWindowState(file)).toEqual({ x: 30, y: 40, width: 900, height: 700, maximized: false });

    window.setBounds({ x: 50, y: 60, width: 1000, height: 800 });
    window.maximize();
    window.emit('resize');
    window.close();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 50, y: 60, width: 1000, height: 800, maximized: true });
    keeper.dispose();
  });

  it('does not save after dispose, and reading a corrupt file gives nothing', () => {
    const file = join(dir, 'window-state.json');
    const window = new FakeBrowserWindow();
    const keeper = new WindowStateKeeper(window, file, 500);
    window.emit('resize');
    keeper.dispose();
    vi.advanceTimersByTime(1000);
    expect(readWindowState(file)).toBeNull();
    writeFileSync(file, '{not json');
    expect(readWindowState(file)).toBeNull();
  });
});
