// ESLint for the whole workspace.
// - typescript-eslint's type-checked rules: a floating promise, or a promise
//   passed where a callback is expected, is a silent bug in a service.
// - Import rules that keep the Nx project graph true: Nx reads a project's
//   edges from its package.json, so every `@vigil/*` import must be declared
//   there (npm packages may come from the root package.json, which pins one
//   version of each for the whole workspace). tools/src/graph checks the
//   resulting graph against the imports found in the sources.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import { readdirSync, existsSync } from 'node:fs';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;
const projectDirs = ['apps', 'libs']
  .flatMap((parent) => readdirSync(`${root}/${parent}`).map((name) => `${parent}/${name}`))
  .concat('tools')
  .filter((dir) => existsSync(`${root}/${dir}/package.json`));

/** Files that may import devDependencies: tests, test support, tools, configs. */
const devFiles = [
  '**/*.test.ts',
  '**/test/**',
  'tools/**',
  'libs/testing/**',
  '**/vitest.config.ts',
  'vitest.shared.ts',
  'eslint.config.js',
];
/** The same as absolute globs: the import rule matches them against absolute paths, whatever folder ESLint runs in. */
const devFileGlobs = devFiles.map((pattern) => (pattern.startsWith('**') ? pattern : `${root}/${pattern}`));

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'libs/contracts/src/gen/**', '**/coverage/**', '.nx/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.ts', 'tools/*.mjs', 'tools/bin/*.mjs'] },
        tsconfigRootDir: root,
      },
    },
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-extraneous-dependencies': ['error', { includeTypes: true, devDependencies: devFileGlobs }],
      'import-x/no-duplicates': 'error',
      // An async function that does not await still turns a synchronous throw into
      // a rejection, which is what callers of a promise-returning port expect.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...projectDirs.map((dir) => ({
    files: [`${dir}/**`],
    rules: {
      'import-x/no-extraneous-dependencies': [
        'error',
        { includeTypes: true, devDependencies: devFileGlobs, packageDir: [`${root}/${dir}`, root] },
      ],
    },
  })),
  {
    // vitest's asymmetric matchers (expect.any, expect.stringMatching, …) are typed
    // `any`, and row helpers return untyped SQL rows: the unsafe-any rules would
    // flag nearly every assertion. Sources keep them.
    files: devFiles.filter((pattern) => pattern.includes('test')),
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
