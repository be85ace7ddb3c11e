/**
 * The scene at the output's aspect ratio, letterboxed into its panel: the live preview's picture
 * (ScenePreview) under one box per layer in drawing order (later = on top). Once real frames show,
 * the boxes are outlines over the picture; before (or without ffmpeg) they are the placeholders.
 * Clicking empty canvas clears the selection.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { PipelineNote, Rect, Scene, StudioApi } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import { fitAspect, type Size } from '../../logic/layout-math';
import type { ProgramFeed } from '../../logic/program-feed';
import { LayerBox } from './LayerBox';
import { ScenePreview } from './ScenePreview';

interface SceneCanvasProps {
  scene: Scene;
  canvas: Size;
  selectedId: string | null;
  missingIds: ReadonlySet<string>;
  onSelect: (layerId: string | null) => void;
  onCommitRect: (layerId: string, rect: Rect) => void;
  api: StudioApi;
  /** false while the editor is covered (history view): the preview stops. */
  previewActive: boolean;
  /** The text layer being typed into: its unsaved text is drawn by the editor until the preview has it. */
  draftLayerId: string | null;
  onPreviewNotes: (notes: PipelineNote[]) => void;
  /** This scene is on air (live): its picture comes from the program monitor's `feed` when it plays. */
  onAir?: boolean;
  feed?: ProgramFeed;
}

export function SceneCanvas({ scene, canvas, selectedId, missingIds, onSelect, onCommitRect, api, previewActive, draftLayerId, onPreviewNotes, onAir, feed }: SceneCanvasProps) {
  const { t } = useI18n();
  const frame = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState<Size>({ w: 0, h: 0 });
  const [live, setLive] = useState(false);

  useLayoutEffect(() => {
    const el = frame.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => {
      if (entry) setBox({ w: entry.contentRect.width, h: entry.contentRect.height });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const fit = fitAspect(box, canvas.w / canvas.h);
  return (
    <div className="canvas-frame" ref={frame}>
      <div
        className={`canvas${live ? ' canvas--live' : ''}`}
        style={{ left: fit.x, top: fit.y, width: fit.w, height: fit.h }}
        onPointerDown={() => onSelect(null)}
        data-testid="scene-canvas"
        aria-label={t('canvas.label', { w: canvas.w, h: canvas.h })}
        role="group"
      >
        <ScenePreview
          api={api}
          sceneId={scene.id}
          active={previewActive}
          onAir={onAir}
          feed={feed}
          onStatus={(st) => {
            setLive(st.live);
            onPreviewNotes(st.notes);
          }}
        />
        {scene.layers.map((layer) => (
          <LayerBox
            key={layer.id}
            layer={layer}
            canvas={canvas}
            displayWidth={fit.w}
            selected={layer.id === selectedId}
            missing={missingIds.has(layer.id)}
            showText={!live || layer.id === draftLayerId}
            onSelect={() => onSelect(layer.id)}
            onCommit={(r) => onCommitRect(layer.id, r)}
          />
        ))}
        {scene.layers.length === 0 && <p className="canvas__empty">{t('canvas.empty')}</p>}
        <span className="canvas__res mono" aria-hidden="true">{canvas.w}×{canvas.h}</span>
      </div>
    </div>
  );
}
