/**
 * The browser-mode studio link survives restarts: its token and port are kept in `bridge.json` in
 * the data folder (mode 0600: the token is a password to the studio), until the streamer resets
 * the link. A missing, unreadable or tampered file just means a new link.
 */
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../settings/json-file';
import { generateBridgeToken } from './auth';

const linkSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{32,128}$/),
  port: z.number().int().min(1).max(65535).nullable(),
});
export type StudioLink = z.infer<typeof linkSchema>;

export interface LinkStore {
  readonly file: string;
  get(): StudioLink;
  /** Remembers the port the bridge ended up on, so the same link works next time. */
  setPort(port: number): void;
  /** A new token (the old link stops working); keeps the port. */
  reset(): StudioLink;
}

export function openLinkStore(dataDir: string): LinkStore {
  const file = path.join(dataDir, 'bridge.json');
  let current: StudioLink | null = null;
  try {
    if (existsSync(file)) {
      current = linkSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      chmodSync(file, 0o600); // a copy restored with looser permissions is tightened again
    }
  } catch {
    current = null;
  }
  const save = (link: StudioLink) => {
    writeJsonAtomic(file, link); // written with mode 0600
    current = link;
    return { ...link };
  };
  if (!current) save({ token: generateBridgeToken(), port: null });
  return {
    file,
    get: () => ({ ...current! }),
    setPort: (port) => {
      if (current!.port !== port) save({ ...current!, port });
    },
    reset: () => save({ token: generateBridgeToken(), port: current!.port }),
  };
}
