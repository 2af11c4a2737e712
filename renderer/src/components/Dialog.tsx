import { createUniqueId, onCleanup, onMount, type JSX } from 'solid-js';
import { useApp } from '../context';

/** A modal dialog: Escape or a click outside closes it, focus moves in and returns where it was. */
export function Dialog(props: { title: string; onClose: () => void; children: JSX.Element; class?: string }) {
  const { i18n } = useApp();
  const titleId = createUniqueId();
  const previousFocus = document.activeElement as HTMLElement | null;
  let panel: HTMLDivElement | undefined;

  const focusables = (): HTMLElement[] =>
    panel ? [...panel.querySelectorAll<HTMLElement>('input, button, textarea, select, [tabindex="0"]')].filter((el) => !el.hasAttribute('disabled')) : [];

  onMount(() => {
    const first = panel?.querySelector<HTMLElement>('[data-autofocus]') ?? focusables()[0];
    first?.focus();
  });
  onCleanup(() => previousFocus?.focus?.());

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      props.onClose();
    } else if (event.key === 'Tab') {
      // Keep Tab inside the dialog while it is open.
      const items = focusables();
      const first = items[0];
      const last = items.at(-1);
      if (!first || !last) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  };

  return (
    <div class="backdrop" onMouseDown={(event) => event.target === event.currentTarget && props.onClose()}>
      <div ref={panel} class={`dialog ${props.class ?? ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId} onKeyDown={onKeyDown}>
        <header class="dialog-header">
          <h2 id={titleId}>{props.title}</h2>
          <button type="button" class="icon-button" aria-label={i18n.t('common.close')} onClick={() => props.onClose()}>
            ✕
          </button>
        </header>
        {props.children}
      </div>
    </div>
  );
}
