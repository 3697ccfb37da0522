import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Three bundles: the main process (plain Node + the thin Electron shell), the preload (sandboxed,
// so CommonJS, and it may import only src-shared), and the Svelte renderer. The web shell serves
// the same renderer bundle from out/renderer.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src-main/shell-electron/main.ts'),
          // The local speech worker is its own entry, emitted as out/main/whisper-worker.js beside
          // index.js, where LocalWhisperStt looks for it (voice/stt/local/worker-url.ts).
          // @napi-rs/whisper stays external (a dependency), loaded only inside that worker.
          'whisper-worker': resolve(__dirname, 'src-main/voice/stt/local/whisper-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only `electron`: bundle the contract and zod into it.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [svelte({ configFile: resolve(__dirname, 'svelte.config.js') })],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src-renderer/index.html') },
      },
    },
  },
});
