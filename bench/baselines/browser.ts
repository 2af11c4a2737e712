import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { sleep, onCleanup } from '../lib/cleanup';
import type { Context } from '../lib/context';
import { droppedPercent, FLING_RUNS, type FlingResult, medianFling, newPage, rendererMemory } from '../lib/browser';
import type { Baseline } from '../lib/row';
import { median } from '../lib/stats';

/**
 * What the same Chromium does with plain static pages on the same machine, in the same run: the floor
 * under every browser figure. Pages are served from a tiny local HTTP server.
 */
const row = (i: number): string =>
  `<div class="row" style="height:58px;box-sizing:border-box;padding:6px 12px;font:14px sans-serif"><b>user${i % 97}</b><p style="margin:2px 0">message number ${i} with a few words of text</p></div>`;

const LIST_PAGE = `<!doctype html><html><body><ul id="list"></ul><div id="chat"></div><script>
  const list = document.getElementById('list');
  for (let i = 0; i < 50; i++) { const li = document.createElement('li'); li.innerHTML = '<button class="conversation">Conversation ' + i + '</button><span>last message preview</span>'; list.appendChild(li); }
  window.openChat = () => { document.getElementById('chat').innerHTML = ${JSON.stringify(Array.from({ length: 50 }, (_, i) => row(i)).join(''))}; };
</script></body></html>`;

const FLING_PAGE = (rows: number): string =>
  `<!doctype html><html><body style="margin:0"><div class="scroller" style="height:800px;overflow-y:auto">${Array.from({ length: rows }, (_, i) => row(i)).join('')}</div>
   <script>const s = document.querySelector('.scroller'); s.scrollTop = s.scrollHeight;</script></body></html>`;

async function staticServer(flingRows: number): Promise<{ url: string; server: Server }> {
  const fling = FLING_PAGE(flingRows);
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url === '/fling' ? fling : LIST_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup('static server', () => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return { url: `http://127.0.0.1:${address.port}`, server };
}

export interface BrowserBaselines {
  start: Baseline;
  open: Baseline;
  fling: Baseline & { detail: FlingResult };
  memory: Baseline;
}

export function browserBaselines(ctx: Context, browser: Browser, flingRows: number, pxPerFrame: number, reps: number): Promise<BrowserBaselines> {
  return ctx.memo('baseline.browser', async () => {
    const { url } = await staticServer(flingRows);
    const starts: number[] = [];
    const opens: number[] = [];
    for (let i = 0; i < reps; i++) {
      const page = await newPage(browser);
      await page.goto(`${url}/list`);
      starts.push(await page.evaluate<number>(`window.__bench.whenPainted('#list button', 10000)`));
      opens.push(
        await page.evaluate<number>(`(async () => { const t0 = performance.now(); window.openChat(); return (await window.__bench.whenPainted('#chat .row', 10000)) - t0; })()`),
      );
      await page.context().close();
    }
    const page = await newPage(browser);
    await page.goto(`${url}/list`);
    await sleep(500);
    const memory = rendererMemory(process.pid); // Chromium is a child of this process
    const flings: FlingResult[] = [];
    for (let run = 0; run < (ctx.quick ? 1 : FLING_RUNS); run++) {
      await page.goto(`${url}/fling`);
      await sleep(300);
      flings.push(await page.evaluate<FlingResult>(`window.__bench.fling('.scroller', '.row', ${flingRows - 20}, ${pxPerFrame}, 60000)`));
    }
    const fling = medianFling(flings);
    await page.context().close();
    return {
      start: { what: 'static page, 50 items', median: median(starts), p99: null, unit: 'ms' },
      open: { what: 'insert 50 static rows', median: median(opens), p99: null, unit: 'ms' },
      fling: { what: `static ${flingRows.toLocaleString('en-US')}-row page`, median: droppedPercent(fling), p99: null, unit: '%', detail: fling },
      memory: { what: 'static page renderer, USS', median: memory?.ussMb ?? Number.NaN, p99: null, unit: 'MB' },
    };
  });
}
