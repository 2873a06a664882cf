import tseslint from 'typescript-eslint';
// the role folders, listed once for the walls here and the import-graph test
import ROLE_FOLDERS from './role-folders.json' with { type: 'json' };

/**
 * The walls between role folders. Each entry says which top-level folders a
 * folder's modules may not import (`deny`) or the only ones they may import
 * besides themselves (`only`), and why. They become `no-restricted-imports`
 * patterns, one config per folder depth, because a relative import escapes
 * its folder by exactly one `../` more than the file's depth.
 */
const WALLS = [
  {
    from: 'devnet',
    deny: ['chain', 'cli', 'miner', 'validator', 'subnet-config', 'protocol'],
    why: 'the devnet is the chain; clients reach it over WebSocket only',
  },
  { from: 'chain', deny: ['devnet'], why: 'the client speaks to any chain over @polkadot/api, never to our node directly' },
  { from: 'consensus', only: ['core'], why: 'consensus is pure maths over core primitives' },
  { from: 'protocol', only: ['core'], why: 'the wire protocol depends on core primitives only' },
  { from: 'scoring', deny: ['subnet-config'], why: 'subnet-config composes scoring, not the other way round' },
];
/** Folders that nothing but tests import: the CLI is an entry point, tests are not a library. */
const ENTRY_FOLDERS = ['cli', 'test', 'scripts'];
const MAX_DEPTH = 5;

/** esquery's regex literals cannot contain '/', so a path separator becomes "any character but a word one". */
const slashless = (regex) => regex.replaceAll('/', '[^\\w-]');
const up = (depth) => `^(?:\\.\\./){${depth + 1}}`;

function wallConfigs() {
  const configs = [];
  for (const folder of ROLE_FOLDERS) {
    const wall = WALLS.find((w) => w.from === folder);
    const entries = ENTRY_FOLDERS.filter((f) => f !== folder);
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const patterns = [
        {
          regex: `${up(depth)}(?:${entries.join('|')})/`,
          message: `wall "entry-points": ${folder}/ may not import ${entries.map((f) => `${f}/`).join(', ')} (only tests import them).`,
        },
      ];
      if (wall?.deny) {
        patterns.push({
          regex: `${up(depth)}(?:${wall.deny.join('|')})/`,
          message: `wall "${folder}": ${folder}/ may not import ${wall.deny.map((f) => `${f}/`).join(', ')}: ${wall.why}.`,
        });
      }
      if (wall?.only) {
        patterns.push({
          regex: `${up(depth)}(?!(?:${wall.only.join('|')})/)`,
          message: `wall "${folder}": ${folder}/ may import only ${wall.only.map((f) => `${f}/`).join(', ')} and itself: ${wall.why}.`,
        });
      }
      configs.push({
        files: [`${folder}/${'*/'.repeat(depth)}*.{ts,js}`],
        rules: {
          'no-restricted-imports': ['error', { patterns }],
          // import('…') is not an import declaration; the same walls apply to it.
          'no-restricted-syntax': [
            'error',
            ...patterns.map((p) => ({ selector: `ImportExpression[source.value=/${slashless(p.regex)}/]`, message: p.message })),
          ],
        },
      });
    }
  }
  return configs;
}

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'coverage/**', 'models/generated/**', 'dashboard/assets/vendor/**', '.subnet/**', '.scratch/**', 'tmp/**', 'test-results/**'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-console': 'off',
    },
  },
  ...wallConfigs(),
);
