/**
 * Every event of a session, virtualised: the list is as long as the session (seq has no gaps, so row
 * i is seq startSeq + i) and pages of events are fetched as they scroll into view. `at` scrolls to a
 * moment and marks it.
 */
import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { SessionSummary, StudioApi } from '../../../../common/studio-api';
import type { RoomEvent } from '../../../../common/room-protocol';
import { useI18n } from '../../../shared/i18n/react';
import { EVENT_PAGE, pagesFor } from '../../logic/history-view';
import { HistoryRow } from './HistoryRow';

export function SessionEvents({ api, session, at }: { api: StudioApi; session: SessionSummary; at: number | null }) {
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState<ReadonlyMap<number, RoomEvent[]>>(new Map());
  const asked = useRef(new Set<number>());
  const count = session.endSeq - session.startSeq + 1;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => 26, overscan: 20 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    for (const p of pagesFor(first, last)) {
      if (asked.current.has(p)) continue;
      asked.current.add(p);
      api.history.events({ session: session.id, fromSeq: session.startSeq + p * EVENT_PAGE, limit: EVENT_PAGE }).then(
        (page) => setPages((m) => new Map(m).set(p, page.events)),
        () => asked.current.delete(p),
      );
    }
  }, [api, session.id, session.startSeq, first, last]);

  useEffect(() => {
    if (at === null || at < session.startSeq || at > session.endSeq) return;
    // the list may sit below the charts: bring it into view, then the moment within it
    scroller.current?.scrollIntoView({ block: 'nearest' });
    virtualizer.scrollToIndex(at - session.startSeq, { align: 'center' });
  }, [at, session.startSeq, session.endSeq, virtualizer]);

  return (
    <section className="panel hevents" aria-label={t('history.events')}>
      <header className="panel__header"><h2>{t('history.events')}</h2><span className="chip">{t('history.eventCount', { n: count })}</span></header>
      <div className="feed__viewport">
        <div ref={scroller} className="feed__scroller" role="log" aria-live="off" tabIndex={0} data-testid="history-events">
          <div className="feed__inner" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((v) => {
              const e = pages.get(Math.floor(v.index / EVENT_PAGE))?.[v.index % EVENT_PAGE];
              return (
                <div key={v.key} data-index={v.index} ref={virtualizer.measureElement} className="feed__item" style={{ transform: `translateY(${v.start}px)` }}>
                  {e ? <HistoryRow event={e} focused={e.seq === at} /> : <div className="feed-row feed-row--loading" aria-hidden="true">…</div>}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}
