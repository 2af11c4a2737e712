import type { MenuItemConstructorOptions } from 'electron';
import type { ShellStrings } from '../strings';

/**
 * The application menu: the platform's usual roles, so the standard shortcuts (copy/paste, undo, zoom, full
 * screen, minimize, quit) work in the window. Reload and developer tools only in development builds.
 */
export function appMenuTemplate(platform: string, strings: ShellStrings, dev: boolean): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      role: 'appMenu',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({ label: strings.file, submenu: [mac ? { role: 'close' } : { role: 'quit' }] });
  template.push({
    label: strings.edit,
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'pasteAndMatchStyle' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: strings.view,
    submenu: [
      ...(dev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    label: strings.window,
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  });
  return template;
}

/** What the context menu needs from Electron's `context-menu` params. */
export interface EditContext {
  isEditable: boolean;
  misspelledWord: string;
  dictionarySuggestions: string[];
  selectionText: string;
}

export interface SpellActions {
  replaceMisspelling(word: string): void;
  addToDictionary(word: string): void;
}

/**
 * The right-click menu: spelling suggestions for a misspelled word (spellcheck is on), then the edit roles.
 * Empty when there is nothing to offer, so no menu opens.
 */
export function contextMenuTemplate(context: EditContext, strings: ShellStrings, actions: SpellActions): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  if (context.isEditable && context.misspelledWord) {
    for (const suggestion of context.dictionarySuggestions.slice(0, 5)) {
      items.push({ label: suggestion, click: () => actions.replaceMisspelling(suggestion) });
    }
    items.push({ label: strings.addToDictionary, click: () => actions.addToDictionary(context.misspelledWord) });
    items.push({ type: 'separator' });
  }
  if (context.isEditable) {
    items.push({ role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { type: 'separator' }, { role: 'selectAll' });
  } else if (context.selectionText.trim() !== '') {
    items.push({ role: 'copy' });
  }
  return items;
}
