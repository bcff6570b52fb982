// Lint keeps the process boundaries honest (STYLE.md: where a file lives tells where it runs):
// src/shared runs everywhere, so no Node, Electron or DOM-only imports; the renderer never reaches
// into main; only the thin Electron shell imports electron.
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

const electronOnly = { name: 'electron', message: 'Only the Electron shell (src/main/index.ts, window.ts, ipc.ts, launcher-electron.ts, src/preload) may import electron.' };

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'build/**'] },
  ...tseslint.configs.recommended,
  // Svelte components: the plugin's recommended rules, with TypeScript inside <script lang="ts">.
  ...svelte.configs.recommended,
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    rules: {
      // State here is immutable on purpose: a Map or Set is built, then assigned whole to a $state.raw field
      // (10,000-row studies re-render once per batch, not once per entry). Reactive SvelteMaps would undo that.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnly], patterns: [{ group: ['node:*', 'fs', 'path', 'os', 'child_process'], message: 'src/shared runs in the renderer too: no Node modules.' }, { group: ['**/main/**', '**/renderer/**', '**/trainer/**'], message: 'src/shared depends on nothing else in src.' }] }],
    },
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.svelte'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnly], patterns: [{ group: ['**/main/**', '**/trainer/**', 'node:*'], message: 'The renderer talks to main only through the ApiClient.' }] }],
    },
  },
  {
    files: ['src/main/core/**/*.ts', 'src/main/server/**/*.ts', 'src/main/cli/**/*.ts', 'src/main/cli.ts', 'src/trainer/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnly] }],
    },
  },
);
