// Lint keeps the process boundaries honest (STYLE.md: where a file lives tells where it runs):
// src/shared runs everywhere, so no Node, Electron or DOM-only imports; the renderer never reaches
// into main; main and the trainer share only src/shared and src/formats; only the Electron shell
// (src/main/electron, src/preload) imports electron. The per-folder tsconfigs (src/shared, src/main,
// src/trainer, src/renderer) do the same for ambient types: no DOM in main, no Node in the renderer.
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

const electronOnly = { name: 'electron', message: 'Only the Electron shell (src/main/electron/, src/preload) may import electron.' };

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
    // On-disk formats both processes read: Node and src/shared only.
    files: ['src/formats/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnly], patterns: [{ group: ['**/main/**', '**/trainer/**', '**/renderer/**', '**/preload/**'], message: 'src/formats is shared by main and the trainer: it depends on src/shared only.' }] }],
    },
  },
  {
    files: ['src/trainer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnly], patterns: [{ group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'The trainer is its own process: it shares src/shared and src/formats with main, nothing else.' }] }],
    },
  },
  {
    files: ['src/main/core/**/*.ts', 'src/main/server/**/*.ts', 'src/main/cli/**/*.ts', 'src/main/cli.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnly], patterns: [{ group: ['**/trainer/**', '**/renderer/**', '**/main/electron/**'], message: 'Main talks to trainers through the protocol (src/shared) and the formats (src/formats); the Electron shell lives in src/main/electron.' }] }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnly] }],
    },
  },
);
