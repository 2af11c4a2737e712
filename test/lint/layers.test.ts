import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'parley/layers').map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ['shared/x.ts', "import { a } from '../main/core/a';", 'may not import from "main/core"'],
    ['shared/x.ts', "import { a } from '../server/a';", 'may not import from "server"'],
    ['shared/x.ts', "import fs from 'node:fs';", 'package "node:fs"'],
    ['main/core/x.ts', "import { app } from 'electron';", 'package "electron"'],
    ['main/core/x.ts', "import { a } from '../electron/a';", 'may not import from "main/electron"'],
    ['renderer/x.ts', "import { a } from '../main/core/a';", 'may not import from "main/core"'],
    ['renderer/x.ts', "import { ipcRenderer } from 'electron';", 'package "electron"'],
    ['renderer/x.ts', "import { a } from '../preload/electron/a';", 'may not import from "preload/electron"'],
    ['preload/electron/x.ts', "import { a } from '../../main/core/a';", 'may not import from "main/core"'],
    ['server/x.ts', "import { a } from '../main/core/a';", 'may not import from "main/core"'],
    ['server/x.ts', "import { a } from '../renderer/a';", 'may not import from "renderer"'],
    ['main/web/x.ts', "import { a } from '../electron';", 'may not import from "main/electron"'],
    ['server/x.ts', "import { Messenger } from '../main/core';", 'may not import from "main/core"'],
  ])('%s: %s is an error', async (file, code, expected) => {
    const errors = await layerErrors(file, code);
    expect(errors.join('\n')).toContain(expected);
  });

  it.each([
    ['renderer/x.ts', "import type { ParleyApi } from '../shared/contract';"],
    ['main/core/x.ts', "import { methods } from '../../shared/protocol';"],
    ['main/electron/x.ts', "import { app } from 'electron';"],
    ['main/electron/x.ts', "import { Messenger } from '../core';"],
    ['server/x.ts', "import { WebSocketServer } from 'ws';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
