/**
 * The selected text layer's properties: text, font, size, colour and outline. Edits preview at once
 * on the canvas (local draft) and are saved after typing pauses, which redraws the layer's raster
 * for the stream (see logic/text-layers.ts) once per pause rather than once per keystroke.
 */
import { useEffect, useRef, useState } from 'react';
import type { Layer } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import type { TextPatch } from '../../logic/scene-edit';
import { FONT_SUGGESTIONS } from '../../logic/text-raster';

const SAVE_AFTER_MS = 400;
type TextSource = Extract<Layer['source'], { kind: 'text' }>;

/** <input type=color> speaks #rrggbb only; named and 0x colours are converted by the browser's canvas. */
function toHex(c: string | undefined, dflt: string): string {
  const value = c ?? dflt;
  if (/^#[0-9a-f]{6}$/i.test(value)) return value.toLowerCase();
  if (/^0x[0-9a-f]{6}$/i.test(value)) return `#${value.slice(2).toLowerCase()}`;
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return '#ffffff';
  ctx.fillStyle = value;
  return /^#[0-9a-f]{6}$/i.test(ctx.fillStyle) ? ctx.fillStyle : '#ffffff';
}

interface Props {
  layer: Layer & { source: TextSource };
  /** Called with the draft while typing (canvas preview) and null once saved. */
  onPreview: (draft: TextSource | null) => void;
  onSave: (layerId: string, patch: TextPatch) => void;
}

export function TextProperties({ layer, onPreview, onSave }: Props) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<TextPatch>({});
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<{ layerId: string; patch: TextPatch } | null>(null);
  const source: TextSource = { ...layer.source, ...draft };

  const flush = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const p = pending.current;
    pending.current = null;
    setDraft({});
    onPreview(null);
    if (!p) return;
    if (p.patch.text !== undefined && !p.patch.text.trim()) delete p.patch.text; // a text layer keeps some text
    if (Object.keys(p.patch).length) onSave(p.layerId, p.patch);
  };
  // A different layer selected, or the panel closed: save what was typed (the latest flush, which
  // saves into the current scene list; the pending edit names its own layer).
  const latestFlush = useRef(flush);
  latestFlush.current = flush;
  useEffect(() => () => latestFlush.current(), [layer.id]);

  const change = (patch: TextPatch) => {
    pending.current = { layerId: layer.id, patch: { ...pending.current?.patch, ...patch } };
    const next = { ...draft, ...patch };
    setDraft(next);
    onPreview({ ...layer.source, ...next });
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(flush, SAVE_AFTER_MS);
  };
  const num = (v: string, min: number, max: number) => Math.min(max, Math.max(min, Math.round(Number(v) || 0)));

  return (
    <section className="panel text-props" aria-label={t('textProps.title')} data-testid="text-properties">
      <header className="panel__header"><h2>{t('textProps.title')}</h2></header>
      <div className="text-props__body">
        <label className="field"><span>{t('textProps.text')}</span>
          <textarea rows={2} maxLength={500} value={source.text} onChange={(e) => change({ text: e.target.value })} onBlur={flush} data-testid="text-prop-text" />
        </label>
        <label className="field"><span>{t('textProps.font')}</span>
          <input list="text-font-suggestions" maxLength={100} value={source.fontFamily ?? ''} placeholder={t('textProps.fontDefault')}
            onChange={(e) => change({ fontFamily: e.target.value.replace(/[^\p{L}\p{N} _.,'-]/gu, '') })} onBlur={flush} data-testid="text-prop-font" />
          <datalist id="text-font-suggestions">{FONT_SUGGESTIONS.map((f) => <option key={f} value={f} />)}</datalist>
        </label>
        <div className="text-props__row">
          <label className="field"><span>{t('textProps.size')}</span>
            <input type="number" min={6} max={400} value={source.fontSize} onChange={(e) => change({ fontSize: num(e.target.value, 6, 400) })} onBlur={flush} data-testid="text-prop-size" />
          </label>
          <label className="field"><span>{t('textProps.color')}</span>
            <input type="color" value={toHex(source.color, 'white')} onChange={(e) => change({ color: e.target.value })} data-testid="text-prop-color" />
          </label>
        </div>
        <div className="text-props__row">
          <label className="field"><span>{t('textProps.outline')}</span>
            <input type="number" min={0} max={20} value={source.outlineWidth ?? 0} onChange={(e) => change({ outlineWidth: num(e.target.value, 0, 20) })} onBlur={flush} data-testid="text-prop-outline" />
          </label>
          <label className="field"><span>{t('textProps.outlineColor')}</span>
            <input type="color" value={toHex(source.outlineColor, 'black')} onChange={(e) => change({ outlineColor: e.target.value })} data-testid="text-prop-outline-color" />
          </label>
        </div>
      </div>
    </section>
  );
}
