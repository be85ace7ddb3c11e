/** A copy of this repository as `git clone` would give it (tracked and unignored files, never dist/ or data/), node_modules linked. */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');

export function cloneWithoutDist(prefix: string): string {
  const clone = mkdtempSync(path.join(tmpdir(), prefix));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    if (!existsSync(path.join(REPO, f))) continue;
    mkdirSync(path.dirname(path.join(clone, f)), { recursive: true });
    cpSync(path.join(REPO, f), path.join(clone, f));
  }
  symlinkSync(path.join(REPO, 'node_modules'), path.join(clone, 'node_modules'));
  return clone;
}
