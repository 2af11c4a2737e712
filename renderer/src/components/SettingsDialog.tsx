import { For, Show } from 'solid-js';
import type { Settings } from '../../../shared/domain';
import { useApp } from '../context';
import { Dialog } from './Dialog';
import { Toggle } from './Toggle';

const themes = ['system', 'light', 'dark'] as const;
const languages = [
  { value: 'en', label: 'English' },
  { value: 'zh-CN', label: '简体中文' },
] as const;

export function SettingsDialog(props: { onClose: () => void }) {
  const { settings, session, i18n, report } = useApp();
  const t = i18n.t;
  const update = (patch: Partial<Settings>) => void settings.update(patch).catch(report);
  const caps = settings.capabilities;
  const s = settings.settings;
  const account = () => {
    const state = session.session();
    return state?.signedIn ? state : null;
  };

  return (
    <Dialog title={t('settings.title')} onClose={props.onClose} class="settings">
      <Show when={account()}>
        {(state) => <p class="muted settings-account">{t('settings.account', { name: state().user.username, server: state().server })}</p>}
      </Show>
      <div class="settings-group">
        <Toggle label={t('settings.notifications')} checked={s().notifications} onChange={(on) => update({ notifications: on })} />
        <Show when={!caps().notifications}>
          <p class="hint">{t('settings.notificationsHint')}</p>
        </Show>
        <Toggle label={t('settings.doNotDisturb')} checked={s().doNotDisturb} onChange={(on) => update({ doNotDisturb: on })} />
        <Show when={caps().closeToTray}>
          <Toggle label={t('settings.closeToTray')} checked={s().closeToTray} onChange={(on) => update({ closeToTray: on })} />
        </Show>
        <Show when={caps().startAtLogin}>
          <Toggle label={t('settings.startAtLogin')} checked={s().startAtLogin} onChange={(on) => update({ startAtLogin: on })} />
        </Show>
      </div>
      <div class="settings-group">
        <span id="settings-theme" class="group-label">{t('settings.theme')}</span>
        <div class="segmented" role="radiogroup" aria-labelledby="settings-theme">
          <For each={themes}>
            {(theme) => (
              <label classList={{ selected: s().theme === theme }}>
                <input type="radio" name="theme" value={theme} checked={s().theme === theme} onChange={() => update({ theme })} />
                <span>{t(`settings.theme.${theme}`)}</span>
              </label>
            )}
          </For>
        </div>
      </div>
      <label class="field settings-group">
        <span>{t('settings.language')}</span>
        <select value={s().language} onChange={(e) => update({ language: e.currentTarget.value as Settings['language'] })}>
          <For each={languages}>{(language) => <option value={language.value}>{language.label}</option>}</For>
        </select>
      </label>
      <div class="dialog-actions">
        <button type="button" class="danger" onClick={() => void session.signOut().then(props.onClose, report)}>
          {t('settings.signOut')}
        </button>
      </div>
    </Dialog>
  );
}
