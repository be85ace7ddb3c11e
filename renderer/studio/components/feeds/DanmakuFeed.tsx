/**
 * The live chat feed, virtualized (thousands of rows, only the visible ones in the DOM). It sticks to
 * the newest message until the streamer scrolls up to read; then it holds still and counts what
 * arrives on a "N new messages ↓" pill that jumps back. Filtering and search run over the session's
 * events in memory.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { RoomEvent } from '../../../../common/room-protocol';
import { useI18n } from '../../../shared/i18n/react';
import { INITIAL_AUTO_SCROLL, jumpToLatest, onAppend, onScroll, unpin, type AutoScrollState } from '../../logic/auto-scroll';
import { DEFAULT_FEED_FILTER, filterFeed, isFilterActive, type FeedFilter } from '../../logic/feed-filter';
import type { RoomFeedState } from '../../logic/room-feed';
import { countNewer } from '../../logic/unseen';
import { pausedView } from '../../logic/paused-view';
import { Icon } from '../common/Icon';
import { FeedRow } from './FeedRow';
import { FeedToolbar } from './FeedToolbar';
import { ModerationMenu, type MenuTarget } from './ModerationMenu';
import { SendBox } from './SendBox';

interface DanmakuFeedProps {
  feed: RoomFeedState;
  /** The studio's own user id in the room (its rows get no moderation actions). */
  selfId: string | null;
  connected: boolean;
  onDelete: (seq: number) => void;
  onBan: (userId: string, name: string) => void;
  onTimeout: (userId: string, seconds: number | 'stream') => void;
  onUnban: (userId: string) => void;
  onSend: (text: string) => Promise<boolean>;
}

const UP_KEYS = new Set(['ArrowUp', 'PageUp', 'Home']);
/** A one-line row (see feeds.css); wrapped rows are measured. */
const ROW_HEIGHT = 26;
/** A paused feed keeps at most this many rows before it trims anyway (memory). */
const PAUSED_CAP = 20_000;

export function DanmakuFeed({ feed, selfId, connected, onDelete, onBan, onTimeout, onUnban, onSend }: DanmakuFeedProps) {
  const { t } = useI18n();
  const [filter, setFilter] = useState<FeedFilter>(DEFAULT_FEED_FILTER);
  const [scroll, setScroll] = useState<AutoScrollState>(INITIAL_AUTO_SCROLL);
  const [menu, setMenu] = useState<MenuTarget | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const matching = useMemo(() => filterFeed(feed.events, filter), [feed.events, filter]);
  const lastSeen = useRef(0);
  // see pausedView: while paused the shown list only grows
  const shown = useRef<readonly RoomEvent[]>([]);
  const items = useMemo(() => pausedView(shown.current, matching, scroll.pinned, PAUSED_CAP), [matching, scroll.pinned]);
  shown.current = items;

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (i) => items[i]!.seq,
  });

  // count what arrived since the last render for the pill (only matters while paused)
  useEffect(() => {
    const newest = items.length ? items[items.length - 1]!.seq : 0;
    const n = countNewer(items, lastSeen.current);
    lastSeen.current = Math.max(lastSeen.current, newest);
    if (n > 0) setScroll((s) => onAppend(s, n));
  }, [items]);

  // a new filter is a new list: show its newest rows
  useEffect(() => setScroll((s) => jumpToLatest(s)), [filter]);

  const total = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    const el = scroller.current;
    // past the end is clamped by the browser: no need to read scrollHeight (a forced layout per frame)
    if (el && scroll.pinned) el.scrollTop = 1e9;
  }, [items, total, scroll.pinned]);

  const onScrollEvent = () => {
    const el = scroller.current;
    if (el) setScroll((s) => onScroll(s, { scrollTop: el.scrollTop, scrollHeight: el.scrollHeight, clientHeight: el.clientHeight }));
  };
  const pause = () => setScroll(unpin);
  const openMenu = useCallback((e: MouseEvent, ev: RoomEvent) => {
    e.preventDefault();
    setMenu({ event: ev, x: e.clientX, y: e.clientY });
  }, []);
  const closeMenu = useCallback(() => setMenu(null), []);

  const filtered = isFilterActive(filter);
  return (
    <section className="panel feed" aria-label={t('feed.title')}>
      <header className="panel__header">
        <h2>{t('feed.title')}</h2>
        {filtered && <span className="chip">{t('feed.filteredCount', { n: matching.length, total: feed.events.length })}</span>}
        {!connected && <span className="chip chip--warn">{t('feed.disconnected')}</span>}
      </header>
      <FeedToolbar filter={filter} onChange={setFilter} />
      <div className="feed__viewport">
        <div
          ref={scroller}
          className="feed__scroller"
          onScroll={onScrollEvent}
          onWheel={(e) => e.deltaY < 0 && pause()}
          onKeyDown={(e) => UP_KEYS.has(e.key) && pause()}
          onPointerDown={(e) => {
            // a press on the scrollbar itself (beyond the content box) means "let me drag back"
            const el = scroller.current;
            if (el && e.target === el && e.nativeEvent.offsetX > el.clientWidth) pause();
          }}
          tabIndex={0}
          role="log"
          aria-live="off"
          aria-label={t('feed.title')}
          data-testid="danmaku-feed"
        >
          {items.length === 0 ? (
            <p className="feed__empty">{filtered ? t('feed.noMatches') : t('feed.empty')}</p>
          ) : (
            <div className="feed__inner" style={{ height: total }}>
              {virtualizer.getVirtualItems().map((v) => {
                const e = items[v.index]!;
                return (
                  <div key={v.key} data-index={v.index} ref={virtualizer.measureElement} className="feed__item" style={{ transform: `translateY(${v.start}px)` }}>
                    <FeedRow
                      event={e}
                      deleted={feed.deleted.has(e.seq)}
                      banned={feed.banned.has(e.user.id)}
                      canModerate={e.type !== 'system' && e.user.role !== 'owner' && e.user.id !== selfId}
                      onDelete={onDelete}
                      onBan={onBan}
                      onContextMenu={openMenu}
                    />
                  </div>
                );
              })}
            </div>
          )}
        </div>
        {!scroll.pinned && (
          <button type="button" className="feed__pill" onClick={() => setScroll(jumpToLatest)} data-testid="feed-new-pill">
            {scroll.unseen > 0 ? t('feed.newMessages', { n: scroll.unseen }) : t('feed.backToLatest')}
            <Icon name="arrowDown" size={14} />
          </button>
        )}
      </div>
      <SendBox onSend={onSend} disabled={!connected} />
      {menu && (
        <ModerationMenu
          target={menu}
          deleted={feed.deleted.has(menu.event.seq)}
          banned={feed.banned.has(menu.event.user.id)}
          onDelete={onDelete}
          onBan={onBan}
          onTimeout={onTimeout}
          onUnban={onUnban}
          onClose={closeMenu}
        />
      )}
    </section>
  );
}
