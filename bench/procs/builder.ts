import { serve } from '../lib/serve';
import type { CorpusSpec } from '../fixtures/corpus';
import { buildRawDb } from '../fixtures/raw-db';
import { buildProfileDb } from '../fixtures/profile-db';
import { buildWebApp } from '../fixtures/build-webapp';

/** Builds the big databases in a separate process, so the raw and the profile DB can be built side by side. */
serve({
  raw: (params: { path: string; spec: CorpusSpec }) => buildRawDb(params.path, params.spec),
  profile: (params: { dir: string; spec: CorpusSpec }) => buildProfileDb(params.dir, params.spec),
  webapp: (params: { outRoot: string }) => buildWebApp(params.outRoot),
});
