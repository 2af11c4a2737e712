import { describe, expect, it } from 'vitest';
import type { DeepLink } from './deep-link';
import { claimSingleInstance, PendingLinks } from './single-instance';
import { FakeApp, PreventableEvent } from './testing/fake-electron';

function recorder() {
  const calls: string[] = [];
  return {
    calls,
    focus: () => calls.push('focus'),
    open: (link: DeepLink) => calls.push(`open ${link.convId}`),
  };
}

describe('claimSingleInstance', () => {
  it('refuses to run a second instance', () => {
    const app = new FakeApp();
    app.hasLock = false;
    expect(claimSingleInstance(app, recorder())).toBe(false);
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('focuses the first instance and forwards the deep link of the second launch', () => {
    const app = new FakeApp();
    const router = recorder();
    expect(claimSingleInstance(app, router)).toBe(true);
    app.emit('second-instance', new PreventableEvent(), ['/usr/bin/parley', 'parley://open/c42'], '/');
    app.emit('second-instance', new PreventableEvent(), ['/usr/bin/parley'], '/');
    app.emit('second-instance', new PreventableEvent(), ['/usr/bin/parley', 'parley://open/bad id'], '/');
    expect(router.calls).toEqual(['focus', 'open c42', 'focus', 'focus']);
  });

  it('routes macOS open-url links', () => {
    const app = new FakeApp();
    const router = recorder();
    claimSingleInstance(app, router);
    const event = new PreventableEvent();
    app.emit('open-url', event, 'parley://open/c7');
    app.emit('open-url', new PreventableEvent(), 'parley://evil/c7');
    expect(event.defaultPrevented).toBe(true);
    expect(router.calls).toEqual(['focus', 'open c7', 'focus']);
  });
});

describe('PendingLinks', () => {
  it('holds a link that arrives before start-up finished and delivers it once ready', () => {
    const pending = new PendingLinks();
    pending.open({ kind: 'openConversation', convId: 'early' });
    pending.focus();
    const router = recorder();
    pending.ready(router);
    pending.open({ kind: 'openConversation', convId: 'later' });
    expect(router.calls).toEqual(['focus', 'open early', 'open later']);
  });
});
