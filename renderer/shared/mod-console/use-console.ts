/** The console's state and actions over a transport (see transport.ts). */
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import type { Ack, AuditEntry, BanEntry, BulkRequest, HeldMessage, ModeratorEntry, RoomEvent, RoomSettingsRequest } from '../../../common/room-protocol';
import { addEvents, INITIAL_CONSOLE, reduceConsole, setAudit, setHeld, type ConsoleState } from './state';
import type { ConsoleMessage, ConsoleTransport } from './transport';

type Action = { kind: 'msg'; m: ConsoleMessage } | { kind: 'history'; events: RoomEvent[] } | { kind: 'held'; held: HeldMessage[] } | { kind: 'audit'; audit: AuditEntry[] };

function reducer(s: ConsoleState, a: Action): ConsoleState {
  switch (a.kind) {
    case 'msg': return reduceConsole(s, a.m);
    case 'history': return addEvents(s, a.events);
    case 'held': return setHeld(s, a.held);
    case 'audit': return setAudit(s, a.audit);
  }
}

export type Outcome = { ok: true } | { ok: false; message: string };
const outcome = (a: Ack<object>): Outcome => (a.ok ? { ok: true } : { ok: false, message: a.message });

export function useConsole(transport: ConsoleTransport) {
  const [state, dispatch] = useReducer(reducer, INITIAL_CONSOLE);
  const [bans, setBans] = useState<BanEntry[]>([]);
  const [moderators, setModerators] = useState<ModeratorEntry[]>([]);

  const req = useCallback(<T extends object = { seq: number }>(name: string, payload: unknown) =>
    transport.request<T>(name, payload).catch((err: Error): Ack<T> => ({ ok: false, code: 'internal', message: err.message })), [transport]);

  const refreshBans = useCallback(async () => {
    const a = await req<{ bans: BanEntry[] }>('bans', {});
    if (a.ok) setBans(a.bans);
  }, [req]);
  const refreshModerators = useCallback(async () => {
    if (!transport.isOwner) return;
    const a = await req<{ moderators: ModeratorEntry[] }>('moderators', {});
    if (a.ok) setModerators(a.moderators);
  }, [req, transport.isOwner]);

  useEffect(() => transport.subscribe((m) => {
    dispatch({ kind: 'msg', m });
    if (m.type !== 'welcome') return;
    // on every (re)connect: the recent past, the review queue, the audit tail, the ban list
    const since = Math.max(0, m.welcome.seq - 300);
    void req<{ events: RoomEvent[] }>('history', { since, limit: 300 }).then((a) => a.ok && dispatch({ kind: 'history', events: a.events }));
    void req<{ held: HeldMessage[] }>('held-list', {}).then((a) => a.ok && dispatch({ kind: 'held', held: a.held }));
    void req<{ entries: AuditEntry[] }>('audit', { limit: 200 }).then((a) => a.ok && dispatch({ kind: 'audit', audit: a.entries }));
    void refreshBans();
    void refreshModerators();
  }), [transport, req, refreshBans, refreshModerators]);

  useEffect(() => { if (state.bansVersion > 0) void refreshBans(); }, [state.bansVersion, refreshBans]);

  const actions = useMemo(() => ({
    remove: async (seq: number) => outcome(await req('delete', { seq })),
    timeout: async (userId: string, seconds: number | 'stream', reason?: string) => outcome(await req('timeout', { userId, seconds, ...(reason ? { reason } : {}) })),
    ban: async (userId: string, reason?: string) => outcome(await req('ban', { userId, ...(reason ? { reason } : {}) })),
    unban: async (userId: string) => outcome(await req('unban', { userId })),
    review: async (holdId: number, approve: boolean) => outcome(await req<object>('review', { holdId, approve })),
    bulk: async (b: BulkRequest) => outcome(await req<object>('bulk', b)),
    settings: async (patch: RoomSettingsRequest) => outcome(await req<object>('room-settings', patch)),
    createLink: async (name: string, ttlSeconds: number) => {
      const a = await req<{ token: string; userId: string; expiresAt: number }>('moderator-token', { name, ttlSeconds });
      void refreshModerators();
      return a.ok ? { ok: true as const, token: a.token, expiresAt: a.expiresAt } : { ok: false as const, message: a.message };
    },
    revokeLink: async (userId: string) => {
      const o = outcome(await req('revoke-moderator', { userId }));
      void refreshModerators();
      return o;
    },
    refreshBans,
  }), [req, refreshBans, refreshModerators]);

  return { state, bans, moderators, actions, isOwner: transport.isOwner };
}

export type ConsoleApi = ReturnType<typeof useConsole>;
