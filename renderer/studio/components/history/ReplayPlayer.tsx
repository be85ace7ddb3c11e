/**
 * The studio's replay of a recorded session: the recording plays (served by the studio itself, see
 * main/replay/) with the session's danmaku drawn by the shared canvas engine at the moments they were
 * sent, on the video's own clock (pause stops them, 2× runs them twice as fast, a seek starts afresh);
 * gifts and room events are marks on the seek bar. A recording that was moved or deleted says so.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { recordingMediaPath, type SessionSummary, type StudioApi } from '../../../../common/studio-api';
import { DanmakuEngine } from '../../../shared/danmaku/engine';
import type { Sprite } from '../../../shared/danmaku/sprites';
import { useI18n } from '../../../shared/i18n/react';
import { giftName, systemEventText, userName } from '../../../shared/i18n/room-events';
import { ReplayCursor, ReplayTimeline, type ReplayComment, type ReplayMark } from '../../logic/replay-timeline';
import { formatDuration } from '../../logic/history-view';

export const REPLAY_SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;
const EVENTS_PAGE = 1000;
/** At most this many marks are drawn on the seek bar (a gift storm would otherwise be thousands of nodes). */
const MAX_MARKS = 400;

/**
 * What the page exposes for the end-to-end sync check: for each comment, its moment (`at`), where the
 * layout put its entry on the video's clock (`start`) and the video time of the frame it was first drawn in.
 */
interface ReplayProbe { placed: { seq: number; at: number; start: number; videoMs: number }[] }

type Problem = { kind: 'missing' } | { kind: 'failed'; message: string } | null;

export function ReplayPlayer({ api, session, seekSeq }: { api: StudioApi; session: SessionSummary; seekSeq: number | null }) {
  const { t, lang } = useI18n();
  const rec = session.recording!;
  const video = useRef<HTMLVideoElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const timeline = useMemo(() => new ReplayTimeline(rec.startedAt), [rec.startedAt]);
  const [loaded, setLoaded] = useState(0);
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState<Problem>(rec.missing ? { kind: 'missing' } : null);
  const [playing, setPlaying] = useState(false);
  const [ready, setReady] = useState(false);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [speed, setSpeed] = useState(1);
  const [showDanmaku, setShowDanmaku] = useState(true);
  const src = recordingMediaPath(session.id);

  // The session's events, page by page in the background (the video can start at once).
  useEffect(() => {
    let live = true;
    void (async () => {
      for (let from = session.startSeq; live && from <= session.endSeq;) {
        const page = await api.history.events({ session: session.id, fromSeq: from, limit: EVENTS_PAGE }).catch(() => null);
        if (!live || !page || page.events.length === 0) break;
        timeline.add(page.events);
        setLoaded((n) => n + page.events.length);
        from = page.events[page.events.length - 1]!.seq + 1;
      }
      if (live) setDone(true);
    })();
    return () => { live = false; };
  }, [api, session.id, session.startSeq, session.endSeq, timeline]);

  // The danmaku layer runs on the video's clock; comments due are handed to it every frame.
  useEffect(() => {
    const v = video.current;
    const host = stage.current;
    if (!v || !host || problem) return;
    const bySprite = new WeakMap<Sprite, ReplayComment>();
    const probe: ReplayProbe = { placed: [] };
    (window as unknown as { __danmuReplay?: ReplayProbe }).__danmuReplay = probe;
    const cursor = new ReplayCursor(timeline);
    const engine = new DanmakuEngine(host, {
      clock: () => v.currentTime * 1000,
      // Scaled to the stage as a video site does: ~30 characters across, 14–24 px.
      fontSize: Math.round(Math.max(14, Math.min(24, host.clientWidth / 30))),
      // What is due is added in the frame that places it: no extra frame of delay.
      onFrame: (now) => {
        if (v.paused && !v.seeking) return;
        for (const c of cursor.due(now)) {
          const sprite = engine.add({ text: c.text, color: c.color, mode: c.mode }, c.at);
          if (sprite) bySprite.set(sprite, c);
        }
      },
      onPlaced: (sprite, p) => {
        const c = bySprite.get(sprite);
        if (!c) return;
        probe.placed.push({ seq: c.seq, at: c.at, start: p.start, videoMs: v.currentTime * 1000 });
        if (probe.placed.length > 500) probe.placed.splice(0, 100);
      },
    });
    const restart = () => { engine.clear(); cursor.reset(v.currentTime * 1000); };
    v.addEventListener('seeking', restart);
    return () => {
      v.removeEventListener('seeking', restart);
      engine.destroy();
    };
  }, [timeline, problem]);

  useEffect(() => {
    if (video.current) video.current.playbackRate = speed;
  }, [speed]);

  // A moment picked elsewhere on the page (a search result, a chart's peak) seeks the video to it.
  useEffect(() => {
    if (seekSeq === null || !video.current) return;
    const at = timeline.timeOfSeq(seekSeq);
    if (at !== null) video.current.currentTime = Math.max(0, at / 1000 - 2);
  }, [seekSeq, done, timeline]);

  const onError = () => {
    // A 404 means the file went away after the page listed it; anything else is a real failure.
    fetch(src, { method: 'HEAD' }).then(
      (r) => setProblem(r.status === 404 ? { kind: 'missing' } : { kind: 'failed', message: video.current?.error?.message || `HTTP ${r.status}` }),
      (err: Error) => setProblem({ kind: 'failed', message: err.message }),
    );
  };

  if (problem?.kind === 'missing') {
    return <section className="panel replay replay--missing" data-testid="replay-missing" role="status"><p>{t('studioReplay.missing', { name: rec.name })}</p></section>;
  }
  if (problem) {
    return <section className="panel replay replay--missing" data-testid="replay-failed" role="alert"><p>{t('studioReplay.failed', { message: problem.message, name: rec.name })}</p></section>;
  }

  const marks = duration > 0 ? thin(timeline.visibleMarks().filter((m) => m.at <= duration * 1000), MAX_MARKS) : [];
  const markTitle = (m: ReplayMark) => m.event.type === 'gift'
    ? t('studioReplay.markGift', { user: userName(lang, m.event.user.name), gift: giftName(lang, m.event.giftId, m.event.name), n: m.event.count })
    : m.event.type === 'system' ? systemEventText(lang, m.event) : '';
  const seekTo = (sec: number) => { if (video.current) video.current.currentTime = Math.max(0, Math.min(duration, sec)); };
  return (
    <section className="panel replay" data-testid="replay" aria-label={t('studioReplay.title')}>
      <div className={`replay__stage${showDanmaku ? '' : ' replay__stage--plain'}`} ref={stage}>
        <video
          ref={video}
          className="replay__video"
          src={src}
          preload="metadata"
          playsInline
          data-testid="replay-video"
          onLoadedMetadata={(e) => { setDuration(e.currentTarget.duration); setReady(true); timeline.setDuration(e.currentTarget.duration * 1000); }}
          onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
          onPlay={() => setPlaying(true)}
          onPause={() => setPlaying(false)}
          onClick={(e) => { const v = e.currentTarget; if (v.paused) void v.play(); else v.pause(); }}
          onError={onError}
        />
        {!ready && <p className="replay__note small">{t('studioReplay.preparing')}</p>}
      </div>
      <div className="replay__bar">
        <input
          type="range" className="replay__seek" min={0} max={duration || 0} step={0.1} value={time}
          aria-label={t('studioReplay.seek')} data-testid="replay-seek" disabled={!ready}
          onChange={(e) => seekTo(Number(e.currentTarget.value))}
        />
        <div className="replay__marks" aria-hidden="true">
          {marks.map((m) => (
            <button
              key={m.seq} type="button" tabIndex={-1} title={markTitle(m)}
              className={`replay__mark replay__mark--${m.kind}`} style={{ left: `${(m.at / 1000 / duration) * 100}%` }}
              onClick={() => seekTo(m.at / 1000 - 1)}
            />
          ))}
        </div>
      </div>
      <div className="replay__controls">
        <button type="button" className="btn btn--sm" data-testid="replay-play" disabled={!ready}
          onClick={() => { const v = video.current; if (!v) return; if (v.paused) void v.play(); else v.pause(); }}>
          {playing ? t('studioReplay.pause') : t('studioReplay.play')}
        </button>
        <span className="mono small replay__time">{formatDuration(time * 1000)} / {formatDuration(duration * 1000)}</span>
        <label className="replay__speed small">
          {t('studioReplay.speed')}
          <select value={speed} data-testid="replay-speed" onChange={(e) => setSpeed(Number(e.currentTarget.value))}>
            {REPLAY_SPEEDS.map((s) => <option key={s} value={s}>{s}×</option>)}
          </select>
        </label>
        <label className="replay__toggle small" title={t('studioReplay.danmakuOn')}>
          <input type="checkbox" checked={showDanmaku} onChange={(e) => setShowDanmaku(e.currentTarget.checked)} />
          {t('studioReplay.danmaku')}
        </label>
        <span className="replay__legend small muted">
          <i className="replay__dot replay__dot--gift" />{t('studioReplay.legendGift')}
          <i className="replay__dot replay__dot--system" />{t('studioReplay.legendSystem')}
        </span>
        {!done && <span className="small muted" data-testid="replay-loading">{t('studioReplay.loadingEvents', { n: loaded })}</span>}
      </div>
    </section>
  );
}

/** Every k-th mark so that at most `max` remain (gifts kept before system events of the same slot). */
function thin(marks: ReplayMark[], max: number): ReplayMark[] {
  if (marks.length <= max) return marks;
  const step = marks.length / max;
  return Array.from({ length: max }, (_, i) => marks[Math.floor(i * step)]!);
}
