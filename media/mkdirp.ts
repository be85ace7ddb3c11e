/**
 * mkdir -p without Node's recursive mode, which never returns for a path under /proc on Linux
 * (Node 20: it retries ENOENT forever). A user-typed folder must fail with an error, not hang us.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

export function mkdirp(dir: string): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    try {
      if (statSync(at).isDirectory()) break;
      throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
