import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import parley from './eslint/layers.js';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { parley },
    rules: {
      'parley/layers': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'preload/web/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Command-line entry points print their one ready line and usage with console.
    files: ['**/cli.ts', 'bench/**/*.ts', 'test/chaos/**/*.ts', 'scripts/**/*.ts', 'main/electron/launch.ts'],
    rules: { 'no-console': 'off' },
  },
);
