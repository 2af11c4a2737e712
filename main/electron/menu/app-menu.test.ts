import { describe, expect, it, vi } from 'vitest';
import { shellStrings } from '../strings';
import { FakeMenu } from '../testing/fake-electron';
import { appMenuTemplate, contextMenuTemplate } from './app-menu';

const roles = (template: ReturnType<typeof appMenuTemplate>) => JSON.stringify(template);

describe('appMenuTemplate', () => {
  it('has the edit, zoom and window roles on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux']) {
      const text = roles(appMenuTemplate(platform, shellStrings('en'), false));
      for (const role of ['copy', 'paste', 'cut', 'undo', 'selectAll', 'zoomIn', 'zoomOut', 'resetZoom', 'minimize', 'togglefullscreen']) {
        expect(text).toContain(`"role":"${role}"`);
      }
      expect(text).not.toContain('toggleDevTools');
    }
    expect(roles(appMenuTemplate('darwin', shellStrings('en'), false))).toContain('"role":"appMenu"');
    expect(roles(appMenuTemplate('linux', shellStrings('en'), false))).toContain('"role":"quit"');
  });

  it('offers reload and developer tools only in development', () => {
    expect(roles(appMenuTemplate('linux', shellStrings('en'), true))).toContain('toggleDevTools');
  });
});

describe('contextMenuTemplate', () => {
  const strings = shellStrings('en');

  it('offers spelling suggestions and adding the word to the dictionary', () => {
    const actions = { replaceMisspelling: vi.fn(), addToDictionary: vi.fn() };
    const menu = new FakeMenu(
      contextMenuTemplate({ isEditable: true, misspelledWord: 'helo', dictionarySuggestions: ['hello', 'help'], selectionText: '' }, strings, actions),
    );
    menu.click('hello');
    menu.click('Add to dictionary');
    expect(actions.replaceMisspelling).toHaveBeenCalledWith('hello');
    expect(actions.addToDictionary).toHaveBeenCalledWith('helo');
    expect(JSON.stringify(menu.template)).toContain('"role":"paste"');
  });

  it('offers copy for selected text and nothing otherwise', () => {
    const actions = { replaceMisspelling: vi.fn(), addToDictionary: vi.fn() };
    const base = { isEditable: false, misspelledWord: '', dictionarySuggestions: [] };
    expect(contextMenuTemplate({ ...base, selectionText: 'hi' }, strings, actions)).toEqual([{ role: 'copy' }]);
    expect(contextMenuTemplate({ ...base, selectionText: '' }, strings, actions)).toEqual([]);
  });
});
