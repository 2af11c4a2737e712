import { buildWebApp } from './buildWebApp';

// `npx tsx test/e2e/support/build-cli.ts`: builds only the renderer and the web bridge.
await buildWebApp();
