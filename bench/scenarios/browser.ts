import type { Browser, Page } from 'playwright-core';
import { Child } from '../lib/child';
import { sleep } from '../lib/cleanup';
import type { Context, Scenario } from '../lib/context';
import { droppedPercent, FLING_RUNS, type FlingResult, launchBrowser, medianFling, newPage, rendererMemory } from '../lib/browser';
import { loadEngine } from '../lib/engine';
import { measured, notMeasured, type Row } from '../lib/row';
import { median } from '../lib/stats';
import { browserBaselines, type BrowserBaselines } from '../baselines/browser';
import { corpusOf, copyProfile, profileDb } from '../fixtures/databases';
import { whyNot } from '../fixtures/modules';
import { rememberSession } from '../fixtures/profile-engine';
import { PROFILE_SERVER } from '../fixtures/profile-db';
import { webApp } from '../fixtures/webapp';

const LIST = 'nav.conversation-list button.conversation';
const BIG = 'button.conversation[aria-label="Big group"]';
const MESSAGE_ROW = '.message-list .row .message';
const PX_PER_FRAME = 1_000;

interface Figures {
  start: { total: number[]; shell: number[]; page: number[] };
  open: number[];
  fling: FlingResult;
  /** Dropped frames (%) of every fling run, in run order. */
  flings: number[];
  memory: { ussMb: number; rssMb: number } | null;
  heapMb: number;
}

/** Starts a web shell on the profile in a fresh process, loads it in a fresh page, returns both timings. */
async function startApp(browser: Browser, root: string, profileDir: string): Promise<{ shell: Child; page: Page; shellMs: number; pageMs: number }> {
  const shell = await Child.start('webshell');
  const { url, ms } = await shell.call<{ url: string; ms: number }>('start', { profileDir, root, server: PROFILE_SERVER }, 60_000);
  const page = await newPage(browser);
  await page.goto(url);
  const pageMs = await page.evaluate<number>(`window.__bench.whenPainted('${LIST}', 30000)`);
  return { shell, page, shellMs: ms, pageMs };
}

async function measureApp(ctx: Context, browser: Browser, flingRows: number): Promise<Figures> {
  const engine = await loadEngine();
  const root = await webApp(ctx);
  const built = await profileDb(ctx);
  const profileDir = copyProfile(built.path, 'web-profile');
  await rememberSession(engine, profileDir);
  const reps = ctx.quick ? 1 : 5;
  const warmups = ctx.quick ? 0 : 1;
  const figures: Figures = { start: { total: [], shell: [], page: [] }, open: [], fling: { frames: 0, dropped: 0, rows: 0, ms: 0, stalled: 0, rowHeight: 0 }, flings: [], memory: null, heapMb: 0 };
  const flings: FlingResult[] = [];
  const flingRuns = ctx.quick ? 1 : FLING_RUNS;
  for (let i = 0; i < reps + warmups; i++) {
    const app = await startApp(browser, root, profileDir);
    try {
      if (i >= warmups) {
        // Run 0 warms the OS file cache and Chromium's code cache, as any second start of an app would.
        figures.start.shell.push(app.shellMs);
        figures.start.page.push(app.pageMs);
        figures.start.total.push(app.shellMs + app.pageMs);
      }
      const openMs = await app.page.evaluate<number>(
        `(async () => { const button = document.querySelector('${BIG}'); if (!button) throw new Error('no Big group in the list'); const t0 = performance.now(); button.click(); return (await window.__bench.whenPainted('${MESSAGE_ROW}', 30000)) - t0; })()`,
      );
      if (i >= warmups) figures.open.push(openMs);
      if (i === reps + warmups - 1) {
        await sleep(1_000);
        const cdp = await app.page.context().newCDPSession(app.page);
        await cdp.send('HeapProfiler.collectGarbage');
        await sleep(200);
        figures.memory = rendererMemory(process.pid);
        await cdp.send('Performance.enable');
        const metrics = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
        figures.heapMb = (metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
      }
      // The last runs each fling through the conversation they just opened (a fresh page each time).
      if (i >= reps + warmups - flingRuns) {
        if (i !== reps + warmups - 1) await sleep(1_000); // as the last run, which measured memory first
        flings.push(await app.page.evaluate<FlingResult>(`window.__bench.fling('.message-list', '.message-list .row', ${flingRows}, ${PX_PER_FRAME}, ${ctx.quick ? 8_000 : 60_000})`));
      }
    } finally {
      await app.page.context().close();
      await app.shell.stop();
    }
  }
  figures.fling = medianFling(flings);
  figures.flings = flings.map(droppedPercent);
  return figures;
}

/** App start, opening the big conversation, flinging through its history and the renderer's memory, in Chromium. */
export const browser: Scenario = {
  name: 'browser',
  async run(ctx: Context): Promise<Row[]> {
    const spec = corpusOf(ctx);
    const flingRows = ctx.quick ? 1_000 : 10_000;
    const size = `${(spec.messages / 1e6).toLocaleString('en-US')}M`;
    const big = spec.bigConversation.toLocaleString('en-US');
    const quickNote = ctx.quick ? [`quick: ${size} messages, ${big}-message conversation, no verdict`] : [];
    const keys = {
      start: { key: 'app.start', figure: `app start → conversation list painted, ${size} cached messages`, unit: 'ms', target: '≤ 500 ms' },
      open: { key: 'app.open-conversation', figure: `open a ${big}-message conversation → first paint`, unit: 'ms', target: '≤ 100 ms' },
      fling: { key: 'app.fling', figure: `fling through ${flingRows.toLocaleString('en-US')} rows: dropped frames`, unit: '%', target: '≤ 1 %' },
      memory: { key: 'app.memory', figure: `renderer memory, ${big}-message conversation open`, unit: 'MB', target: '≤ 150 MB' },
    };
    let chromium: Browser | null = null;
    let base: BrowserBaselines | null = null;
    try {
      chromium = await launchBrowser();
      base = await browserBaselines(ctx, chromium, flingRows, PX_PER_FRAME, ctx.quick ? 1 : 7);
      const f = await measureApp(ctx, chromium, flingRows);
      const full = !ctx.quick;
      const startMs = median(f.start.total);
      const openMs = median(f.open);
      const dropped = droppedPercent(f.fling);
      return [
        measured({
          ...keys.start,
          median: startMs,
          baseline: base.start,
          met: full ? startMs <= 500 : null,
          notes: [
            `engine start (runWebShell: open DB, restore session, serve) ${Math.round(median(f.start.shell))} ms + page load → list painted ${Math.round(median(f.start.page))} ms`,
            `median of ${f.start.total.length} ${ctx.quick ? 'cold' : 'warm'} starts; Node/tsx process boot excluded`,
            ...quickNote,
          ],
        }),
        measured({ ...keys.open, median: openMs, baseline: base.open, met: full ? openMs <= 100 : null, notes: [`median of ${f.open.length}`, ...quickNote] }),
        measured({
          ...keys.fling,
          median: dropped,
          baseline: base.fling,
          met: full ? dropped <= 1 && f.fling.rows >= flingRows : null,
          notes: [
            `median of ${f.flings.length} flings (${f.flings.map((p) => `${p.toFixed(2)} %`).join(', ')}); that one: ${f.fling.rows.toLocaleString('en-US')} rows in ${(f.fling.ms / 1000).toFixed(1)} s at ${PX_PER_FRAME} px/frame, ${f.fling.dropped} of ${f.fling.frames + f.fling.dropped} frames dropped, ${f.fling.stalled} stalled at the loaded edge`,
            ...quickNote,
          ],
        }),
        f.memory
          ? measured({
              ...keys.memory,
              median: f.memory.ussMb,
              baseline: base.memory,
              met: full ? f.memory.ussMb <= 150 : null,
              notes: [`private (USS) after GC; RSS ${Math.round(f.memory.rssMb)} MB; JS heap ${f.heapMb.toFixed(1)} MB`, ...quickNote],
            })
          : notMeasured(keys.memory.key, keys.memory.figure, 'MB', keys.memory.target, 'renderer process not found in /proc', base.memory),
      ];
    } catch (error) {
      console.error(error);
      const why = whyNot(error);
      return [
        notMeasured(keys.start.key, keys.start.figure, 'ms', keys.start.target, why, base?.start ?? null),
        notMeasured(keys.open.key, keys.open.figure, 'ms', keys.open.target, why, base?.open ?? null),
        notMeasured(keys.fling.key, keys.fling.figure, '%', keys.fling.target, why, base?.fling ?? null),
        notMeasured(keys.memory.key, keys.memory.figure, 'MB', keys.memory.target, why, base?.memory ?? null),
      ];
    }
  },
};
