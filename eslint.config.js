// One ESLint config for the whole monorepo. The module-boundary rule comes from nx: services may use
// packages but never another service; contracts may use nothing of ours but other contracts-level packages.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// process.env is read only where settings are read: settings/config modules, CLIs and tooling, tests and their
// helpers, build configs. Everything else gets its settings handed in.
const readsEnvironment = [
  '**/settings.ts',
  '**/config.ts',
  '**/*.config.ts',
  '**/*-cli.ts',
  '**/cli.ts',
  '**/src/testing.ts',
  '**/test/**',
  'tooling/**',
  'packages/bus/src/from-env.ts',
  'services/portal/src/server/options.ts',
];
// Burn-down list: modules that still read process.env themselves. Move each read into its package's settings
// module (or take it as an argument) and delete the line; do not add to this list.
const stillReadsEnvironment = [
  'packages/service-kit/src/service.ts',
  'packages/telemetry/src/logger.ts',
  'packages/telemetry/src/start.ts',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/src/generated/**',
      '.tools/**',
      '**/*.js',
      '**/*.mjs',
      '**/vitest.config.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:package'] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:package', 'type:tooling'] },
            { sourceTag: 'type:package', onlyDependOnLibsWithTags: ['type:package'] },
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: ['scope:contracts'] },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read settings in a settings module (see eslint.config.js).',
        },
      ],
    },
  },
  {
    files: [...readsEnvironment, ...stillReadsEnvironment],
    rules: { 'no-restricted-properties': 'off' },
  },
);
