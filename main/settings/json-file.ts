/**
 * Reading and writing one JSON file that must never be half-written or silently lost.
 * Writes go to a temporary file in the same folder, are flushed, then renamed over the old file
 * (rename is atomic on one filesystem), so a crash leaves either the old or the new content.
 * A file that cannot be parsed or validated is kept aside (renamed with a timestamp) before defaults
 * replace it: the person can still recover what they had.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { CodedMessage } from '../../common/studio-api';
import { describeIssues } from '../studio/api-schemas';

export function writeJsonAtomic(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(value, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export interface LoadedJson<T> {
  value: T;
  /** Set when the file existed but was unusable: what happened and where the old file went. */
  problem: CodedMessage | null;
  /** Where the unusable file was moved, if it was. */
  backup: string | null;
}

/**
 * Loads and validates `file`. Missing → defaults (no problem). Unreadable/invalid → the file is renamed
 * to `<file>.corrupt-<timestamp>` and defaults are used, with a problem description.
 */
export function loadJsonFile<S extends z.ZodType>(file: string, schema: S, defaults: () => z.output<S>, what: 'settings' | 'scenes'): LoadedJson<z.output<S>> {
  if (!existsSync(file)) return { value: defaults(), problem: null, backup: null };
  let why: string;
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return { value: parsed.data, problem: null, backup: null };
    why = describeIssues(parsed.error).slice(0, 3).join('; ');
  } catch (err) {
    // JSON.parse quotes the start of the file, which for a damaged file is unreadable bytes on screen.
    why = err instanceof SyntaxError ? 'it is not valid JSON' : (err as Error).message;
  }
  const backup = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, backup);
  return {
    value: defaults(),
    backup,
    problem: {
      code: `${what}-unreadable`,
      params: { reason: why, backup },
      text: `Your ${what} file could not be read (${why}). It was kept as ${backup} and the defaults are in use; copy values back from it if you need them.`,
    },
  };
}
