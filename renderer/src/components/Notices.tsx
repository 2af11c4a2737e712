import { For } from 'solid-js';
import { useApp } from '../context';

export function Notices() {
  const { notices, i18n } = useApp();
  return (
    <div class="notices" role="alert" aria-live="assertive">
      <For each={notices.notices()}>
        {(notice) => (
          <div class="notice">
            <span>{notice.text}</span>
            <button type="button" class="icon-button" aria-label={i18n.t('common.close')} onClick={() => notices.dismiss(notice.id)}>
              ✕
            </button>
          </div>
        )}
      </For>
    </div>
  );
}
