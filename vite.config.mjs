// Web pages, one Vite multi-page build: the studio UI (also loaded by Electron), the viewer page and
// the OBS overlay, the remote moderator console and the replay page (served by the relay). Relative base so the same files work from file:// and /web/.
import { defineConfig } from 'vite';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, 'renderer');
const pages = ['studio', 'viewer', 'overlay', 'console', 'replay'].filter((p) => existsSync(path.join(root, p, 'index.html')));

export default defineConfig({
  root,
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: { input: Object.fromEntries(pages.map((p) => [p, path.join(root, p, 'index.html')])) },
  },
});
