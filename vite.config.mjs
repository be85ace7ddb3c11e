// Web pages, one Vite multi-page build: the studio UI (also loaded by Electron), the viewer page and
// the OBS overlay, the remote moderator console and the replay page (served by the relay). Relative base so the same files work from file:// and /web/.
import { defineConfig } from 'vite';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { onBuildLog } from './scripts/build-logs.mjs';

const root = path.resolve(import.meta.dirname, 'renderer');

/**
 * The page icon: danmaku lanes on the studio's dark tile, inline, so no page asks the relay or the
 * bridge for /favicon.ico (a 404 in every viewer's console and the server logs).
 */
const ICON_SVG = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='7' fill='#14161b'/>"
  + "<rect x='5' y='8' width='16' height='4' rx='2' fill='#fb7299'/><rect x='11' y='14' width='16' height='4' rx='2' fill='#23ade5'/>"
  + "<rect x='7' y='20' width='12' height='4' rx='2' fill='#ffffff'/></svg>";

/**
 * What every page's head starts with (studio, viewer, overlay, console, replay): written once here
 * instead of in each index.html, which keeps only its title and what is its own.
 */
function sharedHead() {
  return {
    name: 'danmu-shared-head',
    transformIndexHtml: {
      order: 'pre',
      handler: (html) => ({
        html,
        tags: [
          { tag: 'meta', attrs: { charset: 'utf-8' }, injectTo: 'head-prepend' },
          { tag: 'meta', attrs: { name: 'viewport', content: 'width=device-width,initial-scale=1,viewport-fit=cover' }, injectTo: 'head-prepend' },
          { tag: 'link', attrs: { rel: 'icon', type: 'image/svg+xml', href: `data:image/svg+xml,${encodeURIComponent(ICON_SVG)}` }, injectTo: 'head-prepend' },
          // The browser's own bar (mobile) in the pages' dark colour.
          { tag: 'meta', attrs: { name: 'theme-color', content: '#14161b' }, injectTo: 'head-prepend' },
        ],
      }),
    },
  };
}
const pages = ['studio', 'viewer', 'overlay', 'console', 'replay'].filter((p) => existsSync(path.join(root, p, 'index.html')));

export default defineConfig({
  root,
  base: './',
  plugins: [sharedHead()],
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: Object.fromEntries(pages.map((p) => [p, path.join(root, p, 'index.html')])),
      // hides zod's misplaced @__PURE__ comments (node_modules only); every other warning still prints
      onLog: onBuildLog,
    },
  },
});
