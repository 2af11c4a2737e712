/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFakeApp } from './support/buildWebApp';
import { fakeAppDir, serveStatic } from './support/staticServer';
import { launchBrowser, messageLog, openApp, openConversation, repoRoot, type AppPage } from './support/harness';

/** 100,000 messages in one conversation (in-memory engine): the list stays virtual and keeps its place while paging. */
describe('a conversation with 100,000 messages', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let app: AppPage;

  beforeAll(async () => {
    await buildFakeApp();
    site = await serveStatic(fakeAppDir(repoRoot));
    browser = await launchBrowser();
    app = await openApp(browser, `${site.url}/${path.posix.join('src/testing/fake.html')}?count=100000`);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const rowsInDom = (page: Page) => messageLog(page).locator('.row').count();
  /** The timeline store's page sizes: the first page, then each page loaded while scrolling. */
  const FIRST_PAGE = 60;
  const PAGE = 200;
  /**
   * From now on, notes every read of a message row's size or position by script until the first frame after the
   * first rows went in, and then, after that frame was painted, where the rows are.
   */
  const watchFirstPaint = (page: Page) =>
    page.evaluate(() => {
      let watching = true;
      let reads = 0;
      const isRow = (node: unknown) => node instanceof Element && node.closest('.message-list .row') !== null;
      const height = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight')!;
      Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
        configurable: true,
        get(this: HTMLElement) {
          if (watching && isRow(this)) reads += 1;
          return height.get!.call(this);
        },
      });
      const rect = Element.prototype.getBoundingClientRect;
      Element.prototype.getBoundingClientRect = function (this: Element) {
        if (watching && isRow(this)) reads += 1;
        return rect.call(this);
      };
      const result = new Promise<{ reads: number; log: { top: number; bottom: number }; rows: { top: number; bottom: number; text: string }[] }>(
        (resolve) => {
          const observer = new MutationObserver(() => {
            if (!document.querySelector('.message-list .row .message')) return;
            observer.disconnect();
            requestAnimationFrame(() => {
              watching = false;
              const readsBeforeFrame = reads;
              requestAnimationFrame(() => {
                const list = document.querySelector('.message-list')!.getBoundingClientRect();
                const rows = [...document.querySelectorAll('.message-list .row')].map((row) => {
                  const box = row.getBoundingClientRect();
                  return { top: box.top, bottom: box.bottom, text: row.textContent ?? '' };
                });
                resolve({ reads: readsBeforeFrame, log: { top: list.top, bottom: list.bottom }, rows: rows.sort((a, b) => a.top - b.top) });
              });
            });
          });
          observer.observe(document, { childList: true, subtree: true });
        },
      );
      (window as unknown as { __firstPaint: typeof result }).__firstPaint = result;
    });

  it('opens at the newest message with only a screenful of rows in the page', async () => {
    await watchFirstPaint(app.page);
    await openConversation(app.page, 'Big chat');
    // The first screenful is laid out once, by the browser: sizes come with the ResizeObserver, none is read by
    // script in the middle of the update (which laid the page out twice and updated the list once per row).
    const first = await app.page.evaluate(() => (window as unknown as { __firstPaint: Promise<{ reads: number; log: { top: number; bottom: number }; rows: { top: number; bottom: number; text: string }[] }> }).__firstPaint);
    expect(first.reads).toBe(0);
    // ...and the first frame painted already shows the rows edge to edge, with the newest message at the bottom
    // (the same frame as when every row was measured by script).
    const shown = first.rows.filter((row) => row.bottom > first.log.top && row.top < first.log.bottom);
    expect(shown.length).toBeGreaterThan(3);
    for (let i = 1; i < first.rows.length; i += 1) expect(Math.abs(first.rows[i]!.top - first.rows[i - 1]!.bottom)).toBeLessThan(1);
    expect(shown.at(-1)!.text).toContain('message 99999 ');
    // (At the list's end padding, to within the few pixels that whole-pixel sizes of fractional rows leave.)
    expect(shown.at(-1)!.bottom).toBeLessThanOrEqual(first.log.bottom);
    expect(shown.at(-1)!.bottom).toBeGreaterThan(first.log.bottom - 16);
    await messageLog(app.page).locator('.message', { hasText: 'message 99999 ' }).waitFor();
    await expect.poll(() => messageLog(app.page).locator('.message', { hasText: 'message 99999 ' }).isVisible()).toBe(true);
    expect(await rowsInDom(app.page)).toBeLessThan(80);
  });

  interface Screen {
    scrollTop: number;
    scrollHeight: number;
    height: number;
    /** The messages wholly on screen, with their distance from the top of the log. */
    rows: { id: string; top: number; bottom: number }[];
  }
  const screen = (page: Page): Promise<Screen> =>
    messageLog(page).evaluate((el) => {
      const top = el.getBoundingClientRect().top;
      const rows = [...el.querySelectorAll<HTMLElement>('.message')]
        .map((row) => ({ id: row.dataset.messageId!, top: row.getBoundingClientRect().top - top, bottom: row.getBoundingClientRect().bottom - top }))
        .filter((row) => row.top >= 0 && row.bottom <= el.clientHeight);
      return { scrollTop: el.scrollTop, scrollHeight: el.scrollHeight, height: el.clientHeight, rows };
    });
  /** Waits until nothing moves, renders or loads any more from one check to the next (three frames apart). */
  const settle = async (page: Page): Promise<Screen> => {
    let last = await screen(page);
    for (let check = 0; check < 40; check += 1) {
      await page.evaluate(async () => {
        for (let frame = 0; frame < 3; frame += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
      });
      const now = await screen(page);
      if (JSON.stringify(now) === JSON.stringify(last)) return now;
      last = now;
    }
    throw new Error(`the log keeps changing (scrollTop ${last.scrollTop}, scrollHeight ${last.scrollHeight}): paging does not stop`);
  };
  /** Scrolls up at once, as a wheel notch, Page Up or Home does; returns by how much the content moved down. */
  const scrollUp = (page: Page, by: number) =>
    messageLog(page).evaluate((el, distance) => {
      const before = el.scrollTop;
      el.scrollTop = Math.max(0, before - distance);
      return before - el.scrollTop;
    }, by);
  /**
   * Every message on screen before that is wholly on screen after has moved down by exactly `moved` (the scroll), to
   * within a few pixels: row heights are fractional and the virtualizer's sizes whole pixels, which moves rows by up
   * to a few pixels on any scroll. A page prepended without keeping the place moves them by thousands.
   */
  const expectMovedBy = (before: Screen, after: Screen, moved: number) => {
    const now = new Map(after.rows.map((row) => [row.id, row.top]));
    const expected = before.rows.filter((row) => row.top + moved >= 0 && row.bottom + moved <= after.height);
    expect(expected.length).toBeGreaterThan(0);
    const misplaced = expected
      .filter((row) => Math.abs((now.get(row.id) ?? Infinity) - (row.top + moved)) >= 4)
      .map((row) => ({ id: row.id, expected: row.top + moved, actual: now.get(row.id) ?? 'not on screen' }));
    expect(misplaced).toEqual([]);
  };
  /** Half a second later nothing more has loaded (same height) and nothing on screen has moved. */
  const expectStill = async (page: Page, then: Screen) => {
    await page.waitForTimeout(500);
    const now = await screen(page);
    expect(now.scrollHeight).toBe(then.scrollHeight);
    expect(now.rows.map((row) => row.id)).toEqual(then.rows.map((row) => row.id));
    expect(Math.abs(now.scrollTop - then.scrollTop)).toBeLessThanOrEqual(1);
    expect(Math.max(...now.rows.map((row, i) => Math.abs(row.top - then.rows[i]!.top)))).toBeLessThanOrEqual(1);
  };
  /** The rendered messages follow each other without a gap (the older page joins on where it should). */
  const expectContiguous = async (page: Page) => {
    const ids = await messageLog(page).locator('.message').evaluateAll((rows) => rows.map((row) => Number((row as HTMLElement).dataset.messageId!.slice(4))));
    expect(ids).toEqual(ids.map((_, i) => ids[0]! + i));
  };

  /** Starts noting the number of every message row built from now on. */
  const noteBuiltRows = (page: Page) =>
    messageLog(page).evaluate((el) => {
      const built: number[] = [];
      const observer = new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (!(node instanceof HTMLElement)) continue;
            for (const row of [node, ...node.querySelectorAll<HTMLElement>('.message')]) {
              if (row.matches('.message')) built.push(Number(row.dataset.messageId!.slice(4)));
            }
          }
        }
      });
      observer.observe(el, { childList: true, subtree: true });
      (window as unknown as { __built: () => number[] }).__built = () => {
        observer.disconnect();
        return built;
      };
    });
  const builtRows = (page: Page) => page.evaluate(() => (window as unknown as { __built: () => number[] }).__built());

  it('loads older pages while scrolling up, keeps the messages on screen in place and stops loading when the user stops', async () => {
    const page = app.page;
    let before = await settle(page);
    let pages = 0;
    for (let step = 0; step < 150 && pages < 3; step += 1) {
      await noteBuiltRows(page);
      const moved = await scrollUp(page, 250);
      const after = await settle(page);
      const built = await builtRows(page);
      // Nothing on screen may jump, whether or not this step brought in an older page above it.
      expectMovedBy(before, after, moved);
      if (after.scrollHeight > before.scrollHeight + 1_000) {
        pages += 1;
        // Only rows around what is on screen were built: none of the new page's rows that sit where the scroll
        // position pointed before the page went in (200 messages further up), to be thrown away a moment later.
        const onScreen = after.rows.map((row) => Number(row.id.slice(4)));
        expect(built.filter((n) => n < Math.min(...onScreen) - 20)).toEqual([]);
        // The page went in above what is read, not at the very top where it would ask for the next one at once.
        expect(after.scrollTop).toBeGreaterThan(1_000);
        await expectStill(page, after);
        await expectContiguous(page);
      }
      before = after;
    }
    expect(pages).toBe(3);
  });

  it('a jump to the very top loads one older page above and shows the top of what was loaded, then stops', async () => {
    const page = app.page;
    // Opened at the newest page, and the previous test loaded three more.
    let oldest = 100_000 - FIRST_PAGE - 3 * PAGE;
    for (let jump = 0; jump < 3; jump += 1) {
      const before = await settle(page);
      const moved = await scrollUp(page, before.scrollTop);
      expect(moved).toBe(before.scrollTop);
      const after = await settle(page);
      // One page came in above, and the top of what was loaded before (its day separator, then its oldest message) is
      // still what is on screen, instead of the top of the new page. (Not compared to the pixel: the page comes in
      // before the next frame, so the top is never on screen before it, and its rows had never been measured.)
      expect(after.scrollTop).toBeGreaterThan(1_000);
      expect(after.scrollHeight).toBeGreaterThan(before.scrollHeight + 1_000);
      const top = after.rows.find((row) => row.id === `big-${oldest}`);
      expect(top?.top).toBeGreaterThanOrEqual(0);
      expect(top?.top).toBeLessThan(100);
      await expectStill(page, after);
      await expectContiguous(page);
      oldest -= PAGE;
    }
    expect(await rowsInDom(page)).toBeLessThan(80);
  });

  it('offers a jump to the latest message when scrolled away, and it works', async () => {
    await messageLog(app.page).evaluate((el) => el.scrollBy(0, -1_500));
    await app.page.getByRole('button', { name: 'Jump to latest' }).click();
    await expect.poll(() => messageLog(app.page).locator('.message', { hasText: 'message 99999 ' }).isVisible()).toBe(true);
    await expect.poll(() => app.page.getByRole('button', { name: 'Jump to latest' }).count()).toBe(0);
    expect(app.problems).toEqual([]);
  });
});
