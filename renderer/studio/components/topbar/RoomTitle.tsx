/** The room's title, as viewers see it on the viewer page: click to edit, Enter or leaving the field saves, Escape cancels. */
import { useState } from 'react';
import { DEFAULT_LIMITS } from '../../../../common/room-protocol';
import { useI18n } from '../../../shared/i18n/react';
import { Icon } from '../common/Icon';

export function RoomTitle({ title, room, onSave }: { title: string; room: string; onSave: (title: string) => void }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <input
        className="topbar__title-input"
        defaultValue={title}
        autoFocus
        maxLength={DEFAULT_LIMITS.titleMaxLength}
        aria-label={t('topbar.roomTitle')}
        data-testid="room-title-input"
        onBlur={(e) => {
          const v = e.target.value.trim();
          setEditing(false);
          if (v && v !== title) onSave(v);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
          if (e.key === 'Escape') {
            e.currentTarget.value = title;
            setEditing(false);
          }
        }}
      />
    );
  }
  return (
    <button type="button" className="topbar__title" onClick={() => setEditing(true)} title={`${t('topbar.room', { room })} · ${t('topbar.editTitle')}`} data-testid="room-title">
      <span className="ellipsis">{title || room}</span>
      <Icon name="edit" size={12} />
    </button>
  );
}
