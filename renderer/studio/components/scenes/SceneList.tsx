/**
 * Named scenes: switch, add, rename (inline), delete, and the transition (cut, or fade with a
 * duration). Switching while live never stops the stream; it is still confirmed inline, so clicking
 * a scene to edit it does not put it on air by accident.
 */
import { useState } from 'react';
import { TRANSITION_MAX_MS, TRANSITION_MIN_MS, type SceneTransition } from '../../../../common/pipeline';
import type { Scene } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import { Icon } from '../common/Icon';
import { TransitionPicker } from './TransitionPicker';

interface SceneListProps {
  scenes: Scene[];
  activeId: string | null;
  /** The scene shown in the editor (may differ from the one on air). */
  editingId: string | null;
  live: boolean;
  transition: SceneTransition;
  onTransition: (t: SceneTransition) => void;
  busy: boolean;
  onSelect: (id: string) => void;
  onSwitch: (id: string) => void;
  onAdd: () => void;
  onRename: (id: string, name: string) => void;
  onDelete: (id: string) => void;
}

export function SceneList(p: SceneListProps) {
  const { t } = useI18n();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const confirmScene = p.scenes.find((s) => s.id === confirm);
  const describe = p.transition.kind === 'fade' ? t('scenes.transitionFadeDesc', { s: (p.transition.durationMs / 1000).toFixed(1) }) : t('scenes.transitionCutDesc');

  const activate = (id: string) => {
    p.onSelect(id);
    if (id === p.activeId) return;
    if (p.live) setConfirm(id);
    else p.onSwitch(id);
  };

  return (
    <section className="panel scenes" aria-label={t('scenes.title')}>
      <header className="panel__header">
        <h2>{t('scenes.title')}</h2>
        <button type="button" className="icon-btn" onClick={p.onAdd} aria-label={t('scenes.add')} title={t('scenes.add')} data-testid="scene-add">
          <Icon name="plus" />
        </button>
      </header>
      <ul className="scene-list" aria-label={t('scenes.title')}>
        {p.scenes.map((s) => {
          const onAir = s.id === p.activeId;
          return (
            <li key={s.id} className={`scene-item${s.id === p.editingId ? ' is-selected' : ''}${onAir ? ' is-active' : ''}`}>
              {renaming === s.id ? (
                <input
                  className="scene-item__rename"
                  defaultValue={s.name}
                  autoFocus
                  maxLength={100}
                  aria-label={t('scenes.rename')}
                  onBlur={(e) => {
                    p.onRename(s.id, e.target.value);
                    setRenaming(null);
                  }}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') e.currentTarget.blur();
                    if (e.key === 'Escape') setRenaming(null);
                  }}
                />
              ) : (
                <button type="button" className="scene-item__name" aria-current={onAir ? 'true' : undefined} aria-pressed={s.id === p.editingId} onClick={() => activate(s.id)} onDoubleClick={() => setRenaming(s.id)} data-testid={`scene-${s.id}`}>
                  <span className={`scene-item__dot${onAir ? ' is-on' : ''}`} aria-hidden="true" />
                  <span className="ellipsis">{s.name}</span>
                  {onAir && <span className="scene-item__tag">{p.live ? t('scenes.onAir') : t('scenes.active')}</span>}
                </button>
              )}
              <span className="scene-item__tools">
                <button type="button" className="icon-btn icon-btn--sm" onClick={() => setRenaming(s.id)} aria-label={t('scenes.renameNamed', { name: s.name })} title={t('scenes.rename')}>
                  <Icon name="edit" size={14} />
                </button>
                <button type="button" className="icon-btn icon-btn--sm" onClick={() => p.onDelete(s.id)} disabled={p.scenes.length <= 1 || onAir} aria-label={t('scenes.deleteNamed', { name: s.name })} title={p.scenes.length <= 1 ? t('scenes.keepOne') : onAir ? t('scenes.cannotDeleteActive') : t('scenes.delete')}>
                  <Icon name="trash" size={14} />
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      {confirmScene && (
        <div className="inline-confirm" role="alertdialog" aria-label={t('scenes.switchTitle')}>
          <p>{t('scenes.switchCost', { name: confirmScene.name, transition: describe })}</p>
          <div className="inline-confirm__actions">
            <button type="button" className="btn btn--primary btn--sm" disabled={p.busy} onClick={() => { p.onSwitch(confirmScene.id); setConfirm(null); }} data-testid="scene-switch-confirm">
              {t('scenes.switchNow')}
            </button>
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => setConfirm(null)}>{t('common.cancel')}</button>
          </div>
        </div>
      )}
      <TransitionPicker value={p.transition} onChange={p.onTransition} min={TRANSITION_MIN_MS} max={TRANSITION_MAX_MS} />
      {p.live && !confirmScene && <p className="panel__hint">{t('scenes.liveHint', { transition: describe })}</p>}
    </section>
  );
}
