/**
 * The right column: counters, danmaku feed and gift feed. It owns the room feed state so that the
 * per-frame updates at 100 events/s re-render only this subtree, never the scene editor or mixer.
 */
import { memo, useCallback } from 'react';
import type { GiftCatalogItem, RoomEvent } from '../../../../common/room-protocol';
import type { StudioApi } from '../../../../common/studio-api';
import { useRoomFeed } from '../../hooks/use-room-feed';
import type { Actions } from '../../hooks/use-actions';
import { DanmakuFeed } from './DanmakuFeed';
import { GiftFeed } from './GiftFeed';
import { ModerationPanel } from './ModerationPanel';
import { RoomCounters } from './RoomCounters';

interface RoomColumnProps {
  api: StudioApi;
  seed: RoomEvent[];
  viewers: number;
  /** The room's gift catalog (icons for the gift feed). */
  gifts: readonly GiftCatalogItem[];
  selfId: string | null;
  connected: boolean;
  run: Actions['run'];
  /** The relay's address for moderator links (LAN when shared), null while it is not running. */
  linkBase: string | null;
}

export const RoomColumn = memo(function RoomColumn({ api, seed, viewers, gifts, selfId, connected, run, linkBase }: RoomColumnProps) {
  const feed = useRoomFeed(api, seed);
  const onDelete = useCallback((seq: number) => void run('moderate', () => api.room.deleteEvent(seq)), [api, run]);
  const onBan = useCallback((userId: string) => void run('moderate', () => api.room.ban({ userId })), [api, run]);
  const onTimeout = useCallback((userId: string, seconds: number | 'stream') => void run('moderate', () => api.room.moderate({ name: 'timeout', payload: { userId, seconds } })), [api, run]);
  const onUnban = useCallback((userId: string) => void run('moderate', () => api.room.unban(userId)), [api, run]);
  const onSend = useCallback(async (text: string) => (await run('send', () => api.room.send({ text }))) !== undefined, [api, run]);
  return (
    <aside className="col col--right">
      <RoomCounters viewers={viewers} likes={feed.likes} danmaku={feed.danmakuCount} coins={feed.tally.totalCoins} />
      <DanmakuFeed feed={feed} selfId={selfId} connected={connected} onDelete={onDelete} onBan={onBan} onTimeout={onTimeout} onUnban={onUnban} onSend={onSend} />
      <ModerationPanel api={api} linkBase={linkBase} />
      <GiftFeed rows={feed.gifts} tally={feed.tally} catalog={gifts} />
    </aside>
  );
});
