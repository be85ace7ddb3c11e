/**
 * The scene's layers, top of the stack first (as OBS lists them), with order, visibility and remove.
 * Mirrors the canvas selection so a layer hidden under another can still be picked.
 */
import type { Layer } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import { Icon } from '../common/Icon';
import { KIND_ICON, KIND_LABEL } from './source-kinds';

interface LayerListProps {
  layers: Layer[];
  selectedId: string | null;
  missingIds: ReadonlySet<string>;
  onSelect: (id: string) => void;
  onMove: (id: string, dir: 'up' | 'down') => void;
  onToggleVisible: (id: string, visible: boolean) => void;
  onRemove: (id: string) => void;
  onAdd: () => void;
}

export function LayerList(p: LayerListProps) {
  const { t } = useI18n();
  const topFirst = p.layers.map((l, i) => ({ l, i })).reverse();
  return (
    <section className="panel layers" aria-label={t('layers.title')}>
      <header className="panel__header">
        <h2>{t('layers.title')}</h2>
        <button type="button" className="btn btn--ghost btn--sm" onClick={p.onAdd} data-testid="add-source">
          <Icon name="plus" size={14} /> {t('layers.add')}
        </button>
      </header>
      {p.layers.length === 0 ? (
        <p className="panel__empty">{t('layers.empty')}</p>
      ) : (
        <ul className="layer-list">
          {topFirst.map(({ l, i }) => {
            const name = l.name || t(KIND_LABEL[l.source.kind]);
            return (
              <li key={l.id} className={`layer-item${l.id === p.selectedId ? ' is-selected' : ''}${l.visible ? '' : ' is-hidden'}`}>
                <button type="button" className="layer-item__name" onClick={() => p.onSelect(l.id)} aria-pressed={l.id === p.selectedId}>
                  <Icon name={KIND_ICON[l.source.kind]} size={14} />
                  <span className="ellipsis">{name}</span>
                  {p.missingIds.has(l.id) && <span className="chip chip--warn">{t('canvas.missing')}</span>}
                </button>
                <span className="layer-item__tools">
                  <button type="button" className="icon-btn icon-btn--sm" onClick={() => p.onToggleVisible(l.id, !l.visible)} aria-pressed={l.visible} aria-label={t(l.visible ? 'layers.hideNamed' : 'layers.showNamed', { name })} title={t(l.visible ? 'layers.hide' : 'layers.show')}>
                    <Icon name={l.visible ? 'eye' : 'eyeOff'} size={14} />
                  </button>
                  <button type="button" className="icon-btn icon-btn--sm" onClick={() => p.onMove(l.id, 'up')} disabled={i === p.layers.length - 1} aria-label={t('layers.upNamed', { name })} title={t('layers.up')}>
                    <Icon name="up" size={14} />
                  </button>
                  <button type="button" className="icon-btn icon-btn--sm" onClick={() => p.onMove(l.id, 'down')} disabled={i === 0} aria-label={t('layers.downNamed', { name })} title={t('layers.down')}>
                    <Icon name="down" size={14} />
                  </button>
                  <button type="button" className="icon-btn icon-btn--sm" onClick={() => p.onRemove(l.id)} aria-label={t('layers.removeNamed', { name })} title={t('layers.remove')}>
                    <Icon name="trash" size={14} />
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
