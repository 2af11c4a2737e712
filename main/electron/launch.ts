import os from 'node:os';
import { resolve } from 'node:path';
import { launch } from './launcher/launcher';

// `npm start`: see launcher/launcher.ts.
launch({
  root: resolve(import.meta.dirname, '../..'),
  env: process.env,
  platform: process.platform,
  home: os.homedir(),
  print: (line) => console.log(line),
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`parley: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
