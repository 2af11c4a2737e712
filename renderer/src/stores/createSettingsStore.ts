import { createSignal } from 'solid-js';
import type { ParleyApi } from '../api';
import type { Capabilities, Settings } from '../../../shared/domain';

const defaults: Settings = { notifications: true, doNotDisturb: false, theme: 'system', language: 'en', closeToTray: false, startAtLogin: false };
const noCapabilities: Capabilities = { shell: 'web', platform: 'unknown', closeToTray: false, startAtLogin: false, notifications: false };

/** The UI language before settings load: the browser's, when it is one we have. */
const guessLanguage = (): Settings['language'] => (navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en');

export function createSettingsStore(api: ParleyApi) {
  const [settings, setSettings] = createSignal<Settings>({ ...defaults, language: guessLanguage() });
  const [capabilities, setCapabilities] = createSignal<Capabilities>(noCapabilities);
  const unsubscribe = api.onSettingsChanged(setSettings);

  return {
    settings,
    capabilities,
    async load(): Promise<void> {
      const [loaded, caps] = await Promise.all([api.getSettings({}), api.getCapabilities({})]);
      setSettings(loaded);
      setCapabilities(caps);
    },
    /** Optimistic: the UI changes at once and goes back if the engine refuses. */
    async update(patch: Partial<Settings>): Promise<void> {
      const before = settings();
      setSettings({ ...before, ...patch });
      try {
        setSettings(await api.updateSettings(patch));
      } catch (error) {
        setSettings(before);
        throw error;
      }
    },
    dispose: unsubscribe,
  };
}
export type SettingsStore = ReturnType<typeof createSettingsStore>;
