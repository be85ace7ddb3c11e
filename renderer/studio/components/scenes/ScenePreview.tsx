/**
 * The real picture under the editor's layer boxes: the scene composed by the core's preview (the
 * same capture and composition as the stream), pulled frame by frame through the StudioApi. Frames go
 * straight into the <img> (no React render per frame); React renders only when the origin, the notes
 * or the error change. Pulling stops while the page is hidden or the editor is covered, and the core
 * stops the preview when nobody pulls.
 * The scene on air, while the program monitor plays: drawn from the monitor's <video> (12 times a
 * second, at most 640 px wide) instead. The page decodes the stream once; the core runs no preview
 * ffmpeg for it (a second decode of the stream beside the encoder cost a 2-core machine frames of
 * the broadcast: docs/performance.md).
 */
import { useEffect, useRef, useState } from 'react';
import type { PreviewAnswer, PreviewFrame, StudioApi } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import type { ProgramFeed } from '../../logic/program-feed';

interface Props {
  api: StudioApi;
  sceneId: string;
  /** false while something covers the editor (the history view). */
  active: boolean;
  /** Whether real frames show (the layer boxes then become outlines) and the sources the preview left out. */
  onStatus: (s: { live: boolean; notes: PreviewFrame['notes'] }) => void;
  /** The scene is on air: with a playing program monitor its picture is drawn from there. */
  onAir?: boolean;
  feed?: ProgramFeed;
}

interface View {
  origin: PreviewFrame['origin'] | null;
  notesKey: string;
  error: PreviewAnswer['error'];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The preview's rate and width (main/preview: 12 fps, 640 px), for the picture drawn from the monitor. */
const PROGRAM_DRAW_FPS = 12;
const PROGRAM_DRAW_MAX_WIDTH = 640;

/** The monitor's <video> while it plays, or null. */
function useProgramVideo(feed: ProgramFeed | undefined): HTMLVideoElement | null {
  const [video, setVideo] = useState<HTMLVideoElement | null>(() => feed?.current() ?? null);
  useEffect(() => {
    if (!feed) return;
    setVideo(feed.current());
    return feed.subscribe(setVideo);
  }, [feed]);
  return video;
}

export function ScenePreview({ api, sceneId, active, onStatus, onAir = false, feed }: Props) {
  const { t } = useI18n();
  const img = useRef<HTMLImageElement>(null);
  const drawn = useRef<HTMLCanvasElement>(null);
  const monitor = useProgramVideo(feed);
  const program = onAir ? monitor : null;
  const [view, setView] = useState<View>({ origin: null, notesKey: '', error: null });
  const onStatusRef = useRef(onStatus);
  onStatusRef.current = onStatus;

  useEffect(() => {
    const c = drawn.current;
    const ctx = c?.getContext('2d', { alpha: false });
    if (!active || !program || !c || !ctx) return;
    let frames = 0;
    let last = -1;
    const timer = setInterval(() => {
      if (document.visibilityState !== 'visible' || program.readyState < 2 || program.videoWidth === 0 || program.currentTime === last) return;
      last = program.currentTime;
      const w = Math.max(2, Math.min(PROGRAM_DRAW_MAX_WIDTH, Math.round(c.clientWidth * window.devicePixelRatio)));
      const h = Math.max(2, Math.round((w * program.videoHeight) / program.videoWidth));
      if (c.width !== w || c.height !== h) {
        c.width = w;
        c.height = h;
      }
      ctx.drawImage(program, 0, 0, w, h);
      c.dataset.frames = String(++frames);
      if (frames === 1) {
        onStatusRef.current({ live: true, notes: [] });
        setView({ origin: 'stream', notesKey: '[]', error: null });
      }
    }, 1000 / PROGRAM_DRAW_FPS);
    return () => {
      clearInterval(timer);
      onStatusRef.current({ live: false, notes: [] });
    };
  }, [active, program]);

  useEffect(() => {
    if (!active || program) return;
    let stopped = false;
    let after: number | undefined;
    let frames = 0;
    let lastNotes = '';
    const el = img.current;
    const update = (patch: Partial<View>) => setView((v) => {
      const next = { ...v, ...patch };
      return next.origin === v.origin && next.notesKey === v.notesKey && JSON.stringify(next.error) === JSON.stringify(v.error) ? v : next;
    });
    void (async () => {
      while (!stopped) {
        if (document.visibilityState !== 'visible') {
          await sleep(500);
          continue;
        }
        try {
          const a = await api.preview.frame({ sceneId, ...(after !== undefined ? { after } : {}) });
          if (stopped) break;
          if (!a.frame) {
            update({ error: a.error });
            if (a.error) await sleep(1000);
            continue;
          }
          after = a.frame.seq;
          if (el) {
            el.src = `data:image/jpeg;base64,${a.frame.jpegBase64}`;
            el.dataset.frames = String(++frames);
            el.dataset.origin = a.frame.origin;
          }
          const notesKey = JSON.stringify(a.frame.notes);
          if (frames === 1 || notesKey !== lastNotes) onStatusRef.current({ live: true, notes: a.frame.notes });
          lastNotes = notesKey;
          update({ origin: a.frame.origin, notesKey, error: null });
        } catch {
          // the core restarts, or the link was reset: try again shortly
          if (!stopped) await sleep(1000);
        }
      }
    })();
    return () => {
      stopped = true;
      onStatusRef.current({ live: false, notes: [] });
      if (el) el.removeAttribute('src');
    };
  }, [api, sceneId, active, program]);

  const error = view.error ? t(view.error.code === 'no-ffmpeg' ? 'preview.noFfmpeg' : 'preview.failed', { detail: view.error.detail }) : null;
  return (
    <>
      <img ref={img} className="canvas__preview" alt="" aria-hidden="true" data-testid="scene-preview" data-frames="0" />
      {program && <canvas ref={drawn} className="canvas__preview" aria-hidden="true" data-testid="scene-preview-program" data-frames="0" />}
      {view.origin && (
        <span className={`canvas__origin canvas__origin--${view.origin}`} title={t(view.origin === 'stream' ? 'preview.streamHint' : 'preview.sceneHint')}>
          {t(view.origin === 'stream' ? 'preview.stream' : 'preview.scene')}
        </span>
      )}
      {error && <p className="canvas__preview-error" role="status" data-testid="preview-error">{error}</p>}
    </>
  );
}
