/**
 * One layer on the canvas: positioned in percent of the canvas (the scene model is normalised), with
 * drag to move and handles to resize while selected. The gesture is previewed locally and committed
 * once on release, so the core receives one saveScenes per gesture, not one per pointer move.
 */
import { useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { Layer, Rect } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import { HANDLES, moveRect, resizeRect, toCanvasDelta, type Handle, type Rect as PxRect, type Size } from '../../logic/layout-math';
import { pixelsToRect, rectToPixels } from '../../logic/scene-edit';
import { Icon } from '../common/Icon';
import { KIND_ICON, KIND_LABEL, keepsAspect } from './source-kinds';
import { cssColor, cssFontFamily, LINE_HEIGHT, type TextSource } from '../../logic/text-raster';

/** The text as the stream will show it (same fonts and layout as the raster), scaled to the canvas on screen. */
function TextPreview({ source, scale }: { source: TextSource; scale: number }) {
  const outline = (source.outlineWidth ?? 0) * scale;
  return (
    <span className="layer-box__text-clip"><span
      className="layer-box__text"
      data-testid="layer-text-preview"
      style={{
        fontFamily: cssFontFamily(source.fontFamily),
        fontSize: `${source.fontSize * scale}px`,
        lineHeight: LINE_HEIGHT,
        color: cssColor(source.color, 'white'),
        padding: `${outline}px`,
        WebkitTextStroke: outline > 0 ? `${outline * 2}px ${cssColor(source.outlineColor, 'black')}` : undefined,
        paintOrder: 'stroke fill',
      }}
    >
      {source.text}
    </span></span>
  );
}

interface LayerBoxProps {
  layer: Layer;
  canvas: Size;
  /** Displayed canvas width in CSS px (to convert pointer deltas). */
  displayWidth: number;
  selected: boolean;
  missing: boolean;
  /** Draw the text in the editor (no live picture yet, or text typed but not yet in the picture). */
  showText: boolean;
  onSelect: () => void;
  onCommit: (rect: Rect) => void;
}

interface Gesture {
  kind: 'move' | Handle;
  startX: number;
  startY: number;
  start: PxRect;
}

/** Snap distance in output px: about 1.5 % of the width feels like OBS's default. */
const snapFor = (canvas: Size) => Math.round(canvas.w * 0.015);
const MIN_PX = 32;

export function LayerBox({ layer, canvas, displayWidth, selected, missing, showText, onSelect, onCommit }: LayerBoxProps) {
  const { t } = useI18n();
  const gesture = useRef<Gesture | null>(null);
  const [preview, setPreviewState] = useState<Rect | null>(null);
  // the release handler must see the last move even if React has not re-rendered in between
  const latest = useRef<Rect | null>(null);
  const setPreview = (r: Rect | null) => {
    latest.current = r;
    setPreviewState(r);
  };
  const rect = preview ?? layer.rect;

  const begin = (kind: Gesture['kind']) => (e: ReactPointerEvent) => {
    if (e.button !== 0) return;
    e.stopPropagation();
    onSelect();
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    gesture.current = { kind, startX: e.clientX, startY: e.clientY, start: rectToPixels(layer.rect, canvas.w, canvas.h) };
  };

  const move = (e: ReactPointerEvent) => {
    const g = gesture.current;
    if (!g) return;
    const { dx, dy } = toCanvasDelta(e.clientX - g.startX, e.clientY - g.startY, displayWidth, canvas);
    // Shift frees the aspect ratio (or locks it for text), Alt disables snapping: OBS habits
    const keep = keepsAspect(layer.source.kind) !== e.shiftKey;
    const snap = e.altKey ? 0 : snapFor(canvas);
    const next = g.kind === 'move'
      ? moveRect(g.start, dx, dy, canvas, snap)
      : resizeRect(g.start, g.kind, dx, dy, canvas, { keepAspect: keep, minSize: MIN_PX, snap });
    setPreview(pixelsToRect(next, canvas.w, canvas.h));
  };

  const end = () => {
    if (!gesture.current) return;
    gesture.current = null;
    if (latest.current) onCommit(latest.current);
    setPreview(null);
  };

  /** Arrow keys nudge by 1 px (10 with Shift), like every layout tool. */
  const onKey = (e: ReactKeyboardEvent) => {
    const step = e.shiftKey ? 10 : 1;
    const d = ({ ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] } as Record<string, [number, number]>)[e.key];
    if (!d) return;
    e.preventDefault();
    const next = moveRect(rectToPixels(layer.rect, canvas.w, canvas.h), d[0], d[1], canvas, 0);
    onCommit(pixelsToRect(next, canvas.w, canvas.h));
  };

  const kind = layer.source.kind;
  return (
    <div
      className={`layer-box layer-box--${kind}${selected ? ' is-selected' : ''}${layer.visible ? '' : ' is-hidden'}${missing ? ' is-missing' : ''}`}
      style={{ left: `${rect.x * 100}%`, top: `${rect.y * 100}%`, width: `${rect.width * 100}%`, height: `${rect.height * 100}%` }}
      onPointerDown={begin('move')}
      onPointerMove={move}
      onPointerUp={end}
      onPointerCancel={end}
      onKeyDown={onKey}
      tabIndex={0}
      role="button"
      aria-pressed={selected}
      aria-label={t('canvas.layerLabel', { name: layer.name || t(KIND_LABEL[kind]) })}
      data-testid={`layer-${layer.id}`}
    >
      <span className="layer-box__label">
        <Icon name={KIND_ICON[kind]} size={14} />
        <span className="ellipsis">{layer.name || t(KIND_LABEL[kind])}</span>
        {missing && <span className="layer-box__missing">{t('canvas.missing')}</span>}
      </span>
      {layer.source.kind === 'text' && showText && <TextPreview source={layer.source} scale={displayWidth / canvas.w} />}
      {selected && HANDLES.map((h) => (
        <span key={h} className={`layer-box__handle layer-box__handle--${h}`} onPointerDown={begin(h)} aria-hidden="true" />
      ))}
    </div>
  );
}
