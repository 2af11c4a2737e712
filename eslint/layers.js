// Local ESLint rule: which top-level folder may import which (VS Code's "code-layering" idea).
// A layer is the first path segment under the repo root; main/core, main/electron and main/web are layers of their own.
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** @param {string} file absolute path */
function layerOf(file) {
  const rel = path.relative(root, file).split(path.sep);
  if (rel[0] === '..' || rel.length < 2) return null;
  // `main/core/x.ts` and a directory import of `main/core` both belong to the layer main/core.
  if ((rel[0] === 'main' || rel[0] === 'preload') && rel.length >= 2) return `${rel[0]}/${rel[1]}`;
  return rel[0];
}

/** Which layers each layer may import (its own is always allowed). Packages are governed by `packages`. */
const allowed = {
  shared: [],
  renderer: ['shared'],
  'preload/electron': ['shared'],
  'preload/web': ['shared'],
  'main/core': ['shared'],
  'main/electron': ['shared', 'main/core'],
  'main/web': ['shared', 'main/core'],
  server: ['shared'],
  test: ['shared', 'server', 'main/core', 'main/web', 'main/electron', 'test'],
  bench: ['shared', 'server', 'main/core', 'main/web', 'test', 'bench'],
  scripts: ['shared'],
};

/** Packages a layer must not import, by exact name or prefix ending in "/". */
const forbiddenPackages = {
  shared: ['electron', 'node:', 'ws', 'better-sqlite3', 'pino', 'solid-js'],
  renderer: ['electron', 'node:', 'ws', 'better-sqlite3', 'pino'],
  'preload/web': ['electron', 'node:', 'zod'],
  'preload/electron': ['node:', 'ws', 'better-sqlite3', 'zod'],
  'main/core': ['electron', 'solid-js'],
  'main/web': ['electron', 'solid-js'],
  server: ['electron', 'solid-js'],
};

const nodeBuiltins = new Set(['fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'url', 'util', 'events', 'stream', 'zlib', 'worker_threads']);

function packageMatches(source, rule) {
  if (rule === 'node:') return source.startsWith('node:') || nodeBuiltins.has(source.split('/')[0]);
  return source === rule || source.startsWith(`${rule}/`);
}

/** @type {import('eslint').Rule.RuleModule} */
const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce Parley layer boundaries between top-level folders' },
    messages: {
      layer: 'Bad layering: "{{from}}" may not import from "{{to}}" (allowed: {{allowed}}).',
      pkg: 'Bad layering: "{{from}}" may not import the package "{{pkg}}".',
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = layerOf(file);
    if (from === null || !(from in allowed)) return {};
    function check(node, source) {
      if (typeof source !== 'string') return;
      if (source.startsWith('.')) {
        const to = layerOf(path.resolve(path.dirname(file), source));
        if (to === null || to === from || allowed[from].includes(to)) return;
        context.report({ node, messageId: 'layer', data: { from, to, allowed: allowed[from].join(', ') || 'none' } });
        return;
      }
      const banned = (forbiddenPackages[from] ?? []).find((rule) => packageMatches(source, rule));
      if (banned) context.report({ node, messageId: 'pkg', data: { from, pkg: source } });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { layers: layersRule } };
