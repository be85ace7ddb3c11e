// Lint enforces the architecture (as VS Code's layering rules do): which folder may import what.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'events', 'stream', 'url', 'util', 'worker_threads', 'dgram', 'tls', 'zlib', 'readline']
  .flatMap((m) => [m, `node:${m}`, `${m}/*`, `node:${m}/*`]);

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'data/**', '.tmp/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/main/**', '**/media/**', '**/renderer/**', '**/preload/**', 'electron'], message: 'common/ is shared by every runtime and imports nothing else of ours.' },
          { group: nodeBuiltins, message: 'common/ runs in the browser too: no Node built-ins.' },
        ],
      }],
    },
  },
  {
    files: ['media/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'media/ is pure Node: it runs headless (npm run relay) and in tests.' },
          { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'media/ depends only on common/.' },
        ],
      }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'Only main/electron/ may import Electron; the services run in plain Node.' },
          { group: ['**/renderer/**', '**/preload/**'], message: 'main/ does not import UI code.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/main/**', '**/media/**', '**/preload/**', 'electron', 'electron/*'], message: 'renderer/ talks to the studio API (common/studio-api) only.' },
          { group: nodeBuiltins, message: 'renderer/ runs in a browser sandbox: no Node built-ins.' },
        ],
      }],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/main/**', '**/media/**', '**/renderer/**'], message: 'preload/ exposes the studio API and imports only common/ types.' }],
      }],
    },
  },
);
