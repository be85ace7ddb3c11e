#!/usr/bin/env node
// `npm run electron:install`: downloads Electron's binary (from GitHub, or ELECTRON_MIRROR).
import { downloadElectron, electronBinary } from './electron-binary.mjs';

if (electronBinary()) {
  console.log(`Electron is already installed: ${electronBinary()}`);
} else if (downloadElectron()) {
  console.log(`Electron installed: ${electronBinary()}. "npm start" now opens the desktop studio.`);
} else {
  console.error('Electron could not be downloaded (see the error above). Check that github.com (or your ELECTRON_MIRROR) is reachable, then run "npm run electron:install" again; "npm start" keeps working in browser mode meanwhile.');
  process.exit(1);
}
