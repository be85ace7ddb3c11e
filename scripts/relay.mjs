#!/usr/bin/env node
// `npm run relay [-- flags]`: builds the pages the relay serves (viewer, overlay, moderator console)
// when they are missing or stale, then starts the headless relay (media/cli/relay.ts; flags there).
import path from 'node:path';
import { ensureBuilt, root, run } from './ensure-built.mjs';

const args = process.argv.slice(2);
if (!args.includes('--help') && !args.includes('-h')) {
  const built = ensureBuilt({
    outputs: ['dist/web/viewer/index.html', 'dist/web/overlay/index.html', 'dist/web/console/index.html'],
    sources: ['renderer', 'common'],
    what: 'the viewer, overlay and console pages',
  });
  // The relay itself (RTMP, HLS, FLV, room API) works without the pages: start it and say what is missing.
  if (!built) console.error('The pages could not be built (see above): the relay starts, but /room/, /overlay/ and /mod/ answer 503 until "npm run build" succeeds.');
}
run(process.execPath, ['--import', 'tsx', path.join(root, 'media/cli/relay.ts'), ...args]);
