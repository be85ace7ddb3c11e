/**
 * Room system events in the reader's language, shared by the viewer page, the overlay and the studio
 * feed. The hub sends a stable `code` with `params` beside an English `text`; a code this page does
 * not know yet, or params that do not fill the message, fall back to the hub's text (still readable).
 */
import { DEFAULT_OWNER_NAME, defaultViewerTag, type RoomEvent, type SystemEvent } from '../../../common/room-protocol';
import { hasMessage, placeholdersOf, translate, type Lang, type MessageKey, type Params } from './index';
import { zhCN } from './zh-CN';

type Coded = Pick<SystemEvent, 'text' | 'code'> & { params?: Params | Record<string, unknown> | undefined };

export function systemEventText(lang: Lang, e: Coded): string {
  const key = e.code ? `room.system.${e.code}` : '';
  if (!hasMessage(key)) return e.text;
  const params: Params = {};
  for (const [k, v] of Object.entries(e.params ?? {})) if (typeof v === 'string' || typeof v === 'number') params[k] = v;
  // The studio acts under the fixed owner name ("Host"): say 主播 / Host in the reader's language instead.
  if (e.params?.byRole === 'owner' && params.by === DEFAULT_OWNER_NAME) params.by = translate(lang, 'room.badge.owner');
  const needed = placeholdersOf(zhCN[key as MessageKey]);
  if (needed.some((name) => params[name] === undefined)) return e.text;
  return translate(lang, key as MessageKey, params);
}

export type BadgeKind = 'owner' | 'moderator' | 'system';

/**
 * The role badge shown before a name (主播/Host, 房管/Mod, 系统/System), from the event's type and the
 * user's role as the hub assigned it, never from the name: a viewer cannot fake the host. Null for viewers.
 */
export function roleBadge(lang: Lang, e: Pick<RoomEvent, 'type' | 'user'>): { kind: BadgeKind; label: string } | null {
  const kind: BadgeKind | null = e.type === 'system' ? 'system' : e.user.role === 'owner' ? 'owner' : e.user.role === 'moderator' ? 'moderator' : null;
  return kind ? { kind, label: translate(lang, `room.badge.${kind}`) } : null;
}

/** A viewer's name for display: the hub's default name (观众ab12) reads "Viewer ab12" in English. */
export function userName(lang: Lang, name: string): string {
  const tag = defaultViewerTag(name);
  return tag === null ? name : translate(lang, 'room.viewerName', { tag });
}

/** A gift's name for display: the built-in gifts are translated; a streamer's own catalog shows as written. */
export function giftName(lang: Lang, giftId: string, name: string): string {
  const key = `room.gift.${giftId}`;
  return hasMessage(key) && translate('zh-CN', key as MessageKey) === name ? translate(lang, key as MessageKey) : name;
}
