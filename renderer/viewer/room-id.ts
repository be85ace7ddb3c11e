/** The relay serves pages at /room/<room> and /overlay/<room>; `?room=` serves file:// and dev servers. */
import { ROOM_ID_PATTERN } from '../../common/room-protocol';

export function roomFromLocation(pathname: string, search: URLSearchParams): string {
  const m = /^\/(?:room|overlay)\/([^/]+)\/?$/.exec(pathname);
  const fromPath = m?.[1] ? decodeURIComponent(m[1]) : null;
  const candidate = fromPath ?? search.get('room') ?? 'main';
  return ROOM_ID_PATTERN.test(candidate) ? candidate : 'main';
}
