/**
 * The layering of STYLE.md, checked mechanically (`npm run deps:check`):
 *   src-main → src-shared ← src-renderer; main and renderer never import each other;
 *   inside main: ipc → services → {letta, db, secrets}; letta/ and db/ import nothing app-specific;
 *   only the Electron shell and the preload import electron; the preload imports only src-shared.
 * Type-only imports are seen too (tsPreCompilationDeps), so `import type` cannot sneak past a rule.
 */
const TESTS = '\\.test\\.ts$|/testing/';

module.exports = {
  forbidden: [
    {
      name: 'shared-stays-shared',
      comment: 'src-shared is imported by both sides; it may reach into src-main only for the type-only Letta wire types.',
      severity: 'error',
      from: { path: '^src-shared/', pathNot: '^src-shared/letta-types\\.ts$' },
      to: { path: '^src-(main|renderer)/' },
    },
    {
      name: 'shared-type-bridge-is-type-only',
      severity: 'error',
      from: { path: '^src-shared/letta-types\\.ts$' },
      to: { path: '^src-main/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'shared-has-no-platform',
      comment: 'No node:* and no electron in code the renderer bundles.',
      severity: 'error',
      from: { path: '^src-shared/', pathNot: TESTS },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-never-imports-main',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^src-main/' },
    },
    {
      name: 'main-never-imports-renderer',
      severity: 'error',
      from: { path: '^src-main/' },
      to: { path: '^src-renderer/' },
    },
    {
      name: 'electron-only-in-the-electron-shell',
      severity: 'error',
      from: { path: '^src-(main|shared|renderer)/', pathNot: '^src-main/(shell-electron|preload)/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'preload-imports-only-shared',
      severity: 'error',
      from: { path: '^src-main/preload/' },
      to: { path: '^src-main/', pathNot: '^src-main/preload/' },
    },
    {
      name: 'services-below-ipc-and-shells',
      severity: 'error',
      from: { path: '^src-main/services/' },
      to: { path: '^src-main/(ipc|shell-electron|shell-web|preload)/' },
    },
    {
      name: 'ipc-goes-through-services',
      comment: 'Handlers call services; they never talk to the client, the cache or a shell themselves.',
      severity: 'error',
      from: { path: '^src-main/ipc/', pathNot: TESTS },
      to: { path: '^src-main/(letta|db|sync|shell-electron|shell-web|preload)/' },
    },
    {
      name: 'client-imports-nothing-app-specific',
      severity: 'error',
      from: { path: '^src-main/letta/', pathNot: TESTS },
      to: { path: '^src-(main|shared|renderer)/', pathNot: '^src-main/letta/' },
    },
    {
      name: 'cache-imports-nothing-app-specific',
      severity: 'error',
      from: { path: '^src-main/db/', pathNot: TESTS },
      to: { path: '^src-(main|shared|renderer)/', pathNot: '^src-main/db/' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|out|dist|\\.cache)/' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.svelte', '.json'] },
  },
};
