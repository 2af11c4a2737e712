import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { onCleanup } from './cleanup';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install -y chromium)`);
  // Loaded here, not at the top: the driver's heap (≈ 400 ms of loading) would otherwise sit in the bench process
  // through every scenario before the browser's, and its collection take a core from the processes under test.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  onCleanup('chromium', () => browser.close());
  return browser;
}

/**
 * Injected before any page script. `whenPainted(selector)` resolves with performance.now() at the second
 * animation frame after the element exists: the frame that drew it has then been presented (it may
 * overstate by at most one frame, never understate). `fling` scrolls an element upward every frame and
 * counts the frames the browser could not deliver on time.
 * Frames spent waiting at the loaded edge for older history are counted as `stalled`.
 */
export const PAGE_HELPERS = `
window.__bench = {
  whenPainted(selector, timeoutMs) {
    return new Promise((resolve, reject) => {
      const done = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
      if (document.querySelector(selector)) return done();
      const observer = new MutationObserver(() => {
        if (document.querySelector(selector)) { observer.disconnect(); clearTimeout(timer); done(); }
      });
      observer.observe(document, { childList: true, subtree: true });
      const timer = setTimeout(() => { observer.disconnect(); reject(new Error('never painted: ' + selector)); }, timeoutMs);
    });
  },
  fling(scrollerSelector, rowSelector, rows, pxPerFrame, maxMs) {
    const scroller = document.querySelector(scrollerSelector);
    if (!scroller) throw new Error('no ' + scrollerSelector);
    return new Promise((resolve) => {
      const start = performance.now();
      let last = start, frames = 0, dropped = 0, travelled = 0, rowHeight = 0, stalled = 0;
      const measureRows = () => {
        const els = [...document.querySelectorAll(rowSelector)];
        if (els.length > 0) rowHeight = els.reduce((sum, el) => sum + el.getBoundingClientRect().height, 0) / els.length;
      };
      measureRows();
      const step = (now) => {
        const interval = now - last;
        last = now;
        frames++;
        if (frames > 1) dropped += Math.max(0, Math.round(interval / (1000 / 60)) - 1);
        const before = scroller.scrollTop;
        // Stop 200 px short of the very top: at scrollTop 0 the browser cannot keep the scroll anchor when rows
        // are prepended (see docs/benchmarks.md), and a fling that always overshoots would measure only that.
        scroller.scrollTop = Math.max(Math.min(before, 200), before - pxPerFrame);
        const moved = before - scroller.scrollTop;
        if (moved <= 0) stalled++;
        travelled += Math.max(0, moved);
        if (frames % 30 === 0) measureRows();
        const passed = rowHeight > 0 ? travelled / rowHeight : 0;
        if (passed >= rows || now - start > maxMs) {
          resolve({ frames, dropped, rows: Math.round(passed), ms: now - start, stalled, rowHeight });
        } else requestAnimationFrame(step);
      };
      requestAnimationFrame((now) => { last = now; requestAnimationFrame(step); });
    });
  },
};
`;

export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(PAGE_HELPERS);
  return page;
}

/**
 * Private memory (USS) of the largest Chromium renderer below `ancestorPid`, from /proc: with one page open
 * that is the page's own footprint (shared libraries excluded).
 */
export function rendererMemory(ancestorPid: number): { ussMb: number; rssMb: number; pid: number } | null {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const ppid = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // the process ended while we looked
    }
  }
  const descendants: number[] = [];
  const queue = [ancestorPid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const child of children.get(pid) ?? []) {
      descendants.push(child);
      queue.push(child);
    }
  }
  let best: { ussMb: number; rssMb: number; pid: number } | null = null;
  for (const pid of descendants) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(rollup)?.[1] ?? 0);
      const found = { ussMb: (kb('Private_Clean') + kb('Private_Dirty')) / 1024, rssMb: kb('Rss') / 1024, pid };
      if (!best || found.ussMb > best.ussMb) best = found;
    } catch {
      // not readable: skip
    }
  }
  return best;
}

export interface FlingResult {
  frames: number;
  dropped: number;
  rows: number;
  ms: number;
  stalled: number;
  rowHeight: number;
}

export const droppedPercent = (r: FlingResult): number => (100 * r.dropped) / Math.max(1, r.frames + r.dropped);

/** How many times each fling runs: one fling's dropped frames swing by several points on a shared machine. */
export const FLING_RUNS = 3;

/** The fling with the median share of dropped frames. */
export function medianFling(runs: readonly FlingResult[]): FlingResult {
  const sorted = [...runs].sort((a, b) => droppedPercent(a) - droppedPercent(b));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
