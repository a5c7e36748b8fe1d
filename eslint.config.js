import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // The engine and model must run unchanged in a browser: no Node built-ins, no I/O layers.
    files: ['src/engine/**/*.ts', 'src/model/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads'], message: 'engine and model are pure: pass what they need in' },
          { group: ['**/io/**', '**/cli/**', '**/store/**', '**/server/**'], message: 'engine and model import only model' },
        ],
      }],
    },
  },
  {
    // The web cockpit runs in the browser: DOM globals, and no Node built-ins or server-side layers.
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads'], message: 'the web cockpit runs in a browser' },
          { group: ['**/io/**', '**/cli/**', '**/store/**', '**/server/**', '**/service/**'], message: 'web reads data through the HTTP API; it may import only src/model and src/engine' },
        ],
      }],
    },
  },
);
