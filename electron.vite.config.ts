import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const pkg = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { version: string };
const define = { __POSDESK_VERSION__: JSON.stringify(pkg.version) };

// main/index.ts is the Electron entry; main/cli.ts is the headless entry (plain Node).
// Both are built from the same sources so `npm run serve` runs exactly the core Electron runs.
export default defineConfig({
  main: {
    define,
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: { index: resolve(__dirname, 'main/index.ts'), cli: resolve(__dirname, 'main/cli.ts') },
      },
    },
  },
  preload: {
    // A sandboxed preload cannot require() packages: bundle zod (the contract) into it.
    build: { outDir: 'out/preload', externalizeDeps: false, rolldownOptions: { input: { index: resolve(__dirname, 'preload/index.ts') } } },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    define,
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      minify: true,
      rolldownOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
    plugins: [react()],
  },
});
