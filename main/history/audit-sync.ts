/**
 * Keeps the studio's audit cache in step with the hub: after every welcome (first connect and each
 * reconnect) it pages through `audit {since}` from what it has, and stores each live `audit` staff
 * event as it comes. Storage is idempotent on the hub's id, so overlaps cost nothing. Live entries do
 * not move the catch-up cursor: one that arrives before the catch-up cannot hide what was missed.
 */
import { DEFAULT_LIMITS, type Ack, type AuditEntry, type Welcome } from '../../common/room-protocol';
import type { RoomStaffMessage } from '../../common/studio-api';
import type { AuditStore } from './audit-store';

/** The hub's largest `audit` page (it shares the history limit). */
const PAGE = DEFAULT_LIMITS.historyMaxLimit;
/** A catch-up stops after this many pages (500 000 entries) and resumes at the next welcome. */
const MAX_PAGES = 1000;

export interface AuditSource {
  on(event: 'welcome', l: (w: Welcome) => void): unknown;
  on(event: 'staff', l: (m: RoomStaffMessage) => void): unknown;
  on(event: 'reset', l: () => void): unknown;
  off(event: 'welcome', l: (w: Welcome) => void): unknown;
  off(event: 'staff', l: (m: RoomStaffMessage) => void): unknown;
  off(event: 'reset', l: () => void): unknown;
  audit(since: number, limit?: number): Promise<Ack<{ entries: AuditEntry[] }>>;
}

export interface AuditSync {
  /** Resolves when the catch-up under way (if any) is done; for tests and shutdown. */
  idle(): Promise<void>;
  stop(): void;
}

export function syncAudit(
  client: AuditSource, store: Pick<AuditStore, 'add' | 'lastId'>, room: string, onError?: (err: Error) => void, pageSize: number = PAGE,
): AuditSync {
  let cursor = store.lastId(room);
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const store1 = (entries: readonly AuditEntry[]) => {
    try {
      store.add(room, entries);
    } catch (err) {
      onError?.(err as Error);
    }
  };

  const catchUp = (): Promise<void> => {
    if (running) { again = true; return running; }
    running = (async () => {
      do {
        again = false;
        for (let page = 0; page < MAX_PAGES && !stopped; page++) {
          const r = await client.audit(cursor, pageSize);
          if (!r.ok) throw new Error(`the room refused the audit log (${r.code}: ${r.message})`);
          store.add(room, r.entries);
          const last = r.entries[r.entries.length - 1];
          if (last && last.id > cursor) cursor = last.id;
          if (r.entries.length < pageSize) break;
        }
      } while (again && !stopped);
    })().catch((err: unknown) => onError?.(err as Error)).finally(() => { running = null; });
    return running;
  };

  const onWelcome = () => { void catchUp(); };
  const onStaff = (m: RoomStaffMessage) => { if (m.kind === 'audit') store1([m.entry]); };
  // The relay's log was reset (the history archived the room's audit with its events): ids restart.
  const onReset = () => { cursor = 0; };
  client.on('reset', onReset);
  client.on('welcome', onWelcome);
  client.on('staff', onStaff);
  return {
    idle: async () => { while (running) await running; },
    stop: () => {
      stopped = true;
      client.off('welcome', onWelcome);
      client.off('staff', onStaff);
      client.off('reset', onReset);
    },
  };
}
