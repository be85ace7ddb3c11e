#!/usr/bin/env node
// Builds what runs outside tsx: the web pages (studio UI, viewer page, overlay) with Vite, and the
// Electron main and preload bundles with esbuild (a sandboxed preload must be one self-contained file).
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
await viteBuild({ configFile: path.join(root, 'vite.config.mjs'), logLevel: 'warn' });

const electronEntries = [
  ['main/electron/entry.ts', 'dist/electron/main.js'],
  ['preload/index.ts', 'dist/electron/preload.js'],
].filter(([src]) => existsSync(path.join(root, src)));
for (const [src, out] of electronEntries) {
  await esbuild({
    entryPoints: [path.join(root, src)],
    outfile: path.join(root, out),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    // native and binary-shipping packages stay in node_modules (unpacked from asar by electron-builder)
    external: ['electron', 'better-sqlite3', 'ffmpeg-static', '@ffmpeg-installer/*', 'node-media-server', 'socket.io', 'bufferutil', 'utf-8-validate'],
    logLevel: 'warning',
  });
}
console.log(`built: web pages${electronEntries.length ? ', ' + electronEntries.map(([, o]) => o).join(', ') : ''}`);
