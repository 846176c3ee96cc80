// ESLint flat config: the recommended JavaScript and TypeScript rules everywhere, and React's rules of hooks in the
// app. The plugin's React Compiler rules (set-state-in-effect, purity, refs, immutability) are not enabled: the app
// is not compiled by the React Compiler, and its effects that reset state on a new query are the intended pattern.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'test-fixtures/**', 'bench/.cache/**', 'playwright-report/**', 'test-results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `const { dropped: _, ...kept } = row` is how the code omits a field.
      // A loop that only counts (`for await (const _ of entries) n++`) names its unused item `_`.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, varsIgnorePattern: '^_$' }],
    },
  },
  {
    // Plain Node scripts: the Node globals they use (TypeScript files get theirs from @types/node).
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      // useEngineQuery(query, deps) takes its deps as useEffect does: the rule checks each call's list.
      'react-hooks/exhaustive-deps': ['error', { additionalHooks: '^useEngineQuery$' }],
    },
  },
);
