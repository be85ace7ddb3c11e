/**
 * The selected layer's properties, for every kind: position and size in output pixels, crop and
 * opacity; the image's file; the camera's device and resolution; the screen's cursor. Edits show on
 * the canvas at once (optimistic save) and reach the core after a short pause, so typing "1280" is
 * one save and one preview restart, not four. Text layers add their own panel (TextProperties).
 */
import { useEffect, useRef, useState } from 'react';
import type { Devices, Layer } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import { rectToPixels, type LayerPatch } from '../../logic/scene-edit';

const SAVE_AFTER_MS = 300;
/** Sizes most webcams offer; "default" lets the camera choose. */
const CAMERA_SIZES: [number, number][] = [[640, 480], [1280, 720], [1920, 1080]];

interface Props {
  layer: Layer;
  canvas: { w: number; h: number };
  devices: Devices;
  onSave: (layerId: string, patch: LayerPatch) => void;
}

export function LayerProperties({ layer, canvas, devices, onSave }: Props) {
  const { t } = useI18n();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<LayerPatch>({});
  const [draft, setDraft] = useState<LayerPatch>({});

  const px = rectToPixels(layer.rect, canvas.w, canvas.h);
  const box = draft.box ?? { x: Math.round(px.x), y: Math.round(px.y), w: Math.round(px.w), h: Math.round(px.h) };
  const c = layer.crop;
  const crop = draft.cropPercent ?? { left: pct(c?.left), top: pct(c?.top), right: pct(c?.right), bottom: pct(c?.bottom) };
  const opacity = draft.opacityPercent ?? pct(layer.opacity ?? 1);

  const flush = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const p = pending.current;
    pending.current = {};
    setDraft({});
    if (Object.keys(p).length) onSave(layer.id, p);
  };
  const latestFlush = useRef(flush);
  latestFlush.current = flush;
  // Another layer selected or the panel closed: what was typed is saved, not lost.
  useEffect(() => () => latestFlush.current(), [layer.id]);

  const change = (patch: LayerPatch, now = false) => {
    pending.current = { ...pending.current, ...patch };
    setDraft((d) => ({ ...d, ...patch }));
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(flush, now ? 0 : SAVE_AFTER_MS);
  };
  const num = (v: string) => Math.round(Number(v) || 0);
  const src = layer.source;

  return (
    <section className="panel layer-props" aria-label={t('layerProps.title')} data-testid="layer-properties">
      <header className="panel__header"><h2>{t('layerProps.title')}</h2></header>
      <div className="layer-props__body">
        <fieldset className="layer-props__grid">
          <legend>{t('layerProps.geometry')}</legend>
          {(['x', 'y', 'w', 'h'] as const).map((k) => (
            <label key={k} className="field"><span>{t(`layerProps.${k}`)}</span>
              <input type="number" step={1} value={box[k]} onChange={(e) => change({ box: { ...box, [k]: num(e.target.value) } })} onBlur={flush} data-testid={`layer-prop-${k}`} />
            </label>
          ))}
        </fieldset>
        {src.kind !== 'text' && (
          <fieldset className="layer-props__grid">
            <legend>{t('layerProps.crop')}</legend>
            {(['left', 'top', 'right', 'bottom'] as const).map((k) => (
              <label key={k} className="field"><span>{t(`layerProps.crop.${k}`)}</span>
                <input type="number" min={0} max={95} step={1} value={crop[k]} onChange={(e) => change({ cropPercent: { ...crop, [k]: num(e.target.value) } })} onBlur={flush} data-testid={`layer-prop-crop-${k}`} />
              </label>
            ))}
          </fieldset>
        )}
        <label className="field"><span>{t('layerProps.opacity', { n: opacity })}</span>
          <input type="range" min={0} max={100} step={1} value={opacity} onChange={(e) => change({ opacityPercent: num(e.target.value) })} onPointerUp={flush} data-testid="layer-prop-opacity" />
        </label>
        {src.kind === 'image' && (
          <label className="field"><span>{t('layerProps.imageFile')}</span>
            <input className="mono" defaultValue={src.path} key={src.path} placeholder={t('picker.imagePathPlaceholder')}
              onBlur={(e) => e.target.value.trim() !== src.path && change({ imagePath: e.target.value }, true)}
              onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()} data-testid="layer-prop-image" />
          </label>
        )}
        {src.kind === 'camera' && (
          <div className="layer-props__row">
            <label className="field"><span>{t('layerProps.cameraDevice')}</span>
              <select value={src.device ?? ''} onChange={(e) => change({ camera: { device: e.target.value || undefined } }, true)} data-testid="layer-prop-camera">
                <option value="">{t('layerProps.cameraFirst')}</option>
                {src.device && !devices.cameras.some((d) => d.id === src.device) && <option value={src.device}>{t('layerProps.cameraMissing', { name: src.device })}</option>}
                {devices.cameras.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
              </select>
            </label>
            <label className="field"><span>{t('layerProps.cameraSize')}</span>
              <select value={src.width && src.height ? `${src.width}x${src.height}` : ''} data-testid="layer-prop-camera-size"
                onChange={(e) => {
                  const [w, h] = e.target.value.split('x').map(Number);
                  change({ camera: { width: w || undefined, height: h || undefined } }, true);
                }}>
                <option value="">{t('layerProps.cameraSizeAuto')}</option>
                {CAMERA_SIZES.map(([w, h]) => <option key={w} value={`${w}x${h}`}>{w}×{h}</option>)}
              </select>
            </label>
          </div>
        )}
        {src.kind === 'display' && (
          <label className="field field--inline">
            <input type="checkbox" checked={src.showCursor} onChange={(e) => change({ showCursor: e.target.checked }, true)} data-testid="layer-prop-cursor" />
            <span>{t('layerProps.showCursor')}</span>
          </label>
        )}
      </div>
    </section>
  );
}

/** A fraction as a whole percentage. */
function pct(v: number | undefined): number {
  return Math.round((v ?? 0) * 100);
}
