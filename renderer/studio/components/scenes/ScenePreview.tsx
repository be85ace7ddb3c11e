/**
 * The real picture under the editor's layer boxes: the scene composed by the core's preview (the
 * same capture and composition as the stream), pulled frame by frame through the StudioApi. Frames go
 * straight into the <img> (no React render per frame); React renders only when the origin, the notes
 * or the error change. Pulling stops while the page is hidden or the editor is covered, and the core
 * stops the preview when nobody pulls.
 */
import { useEffect, useRef, useState } from 'react';
import type { PreviewAnswer, PreviewFrame, StudioApi } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';

interface Props {
  api: StudioApi;
  sceneId: string;
  /** false while something covers the editor (the history view). */
  active: boolean;
  /** Whether real frames show (the layer boxes then become outlines) and the sources the preview left out. */
  onStatus: (s: { live: boolean; notes: PreviewFrame['notes'] }) => void;
}

interface View {
  origin: PreviewFrame['origin'] | null;
  notesKey: string;
  error: PreviewAnswer['error'];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function ScenePreview({ api, sceneId, active, onStatus }: Props) {
  const { t } = useI18n();
  const img = useRef<HTMLImageElement>(null);
  const [view, setView] = useState<View>({ origin: null, notesKey: '', error: null });
  const onStatusRef = useRef(onStatus);
  onStatusRef.current = onStatus;

  useEffect(() => {
    if (!active) return;
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
  }, [api, sceneId, active]);

  const error = view.error ? t(view.error.code === 'no-ffmpeg' ? 'preview.noFfmpeg' : 'preview.failed', { detail: view.error.detail }) : null;
  return (
    <>
      <img ref={img} className="canvas__preview" alt="" aria-hidden="true" data-testid="scene-preview" data-frames="0" />
      {view.origin && (
        <span className={`canvas__origin canvas__origin--${view.origin}`} title={t(view.origin === 'stream' ? 'preview.streamHint' : 'preview.sceneHint')}>
          {t(view.origin === 'stream' ? 'preview.stream' : 'preview.scene')}
        </span>
      )}
      {error && <p className="canvas__preview-error" role="status" data-testid="preview-error">{error}</p>}
    </>
  );
}
