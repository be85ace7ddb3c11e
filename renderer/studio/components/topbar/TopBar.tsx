/** App name, live status, the viewer link, OBS settings, language and settings. */
import type { StudioSnapshot } from '../../../../common/studio-api';
import type { Lang } from '../../../shared/i18n';
import { useI18n } from '../../../shared/i18n/react';
import { Icon } from '../common/Icon';
import { Toggle } from '../common/Toggle';
import { LanguageSwitch } from './LanguageSwitch';
import { LiveBadge } from './LiveBadge';
import { ObsSettings } from './ObsSettings';
import { ViewerLink } from './ViewerLink';
import { RoomTitle } from './RoomTitle';

interface TopBarProps {
  snapshot: StudioSnapshot;
  onLanguage: (lang: Lang) => void;
  onOpenSettings: () => void;
  onOpenHistory: () => void;
  onRenameRoom: (title: string) => void;
  /** LAN sharing on/off (the relay restarts on the new address). */
  onLanSharing?: (on: boolean) => void;
}

export function TopBar({ snapshot, onLanguage, onOpenSettings, onOpenHistory, onRenameRoom, onLanSharing }: TopBarProps) {
  const { t } = useI18n();
  return (
    <header className="topbar">
      <div className="topbar__brand">
        <span className="brand-mark" aria-hidden="true">弹</span>
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <div className="topbar__room">
        <LiveBadge state={snapshot.pipeline.state} />
        <RoomTitle title={snapshot.settings.room.title} room={snapshot.relay.room} onSave={onRenameRoom} />
        {snapshot.relay.ingestLive && snapshot.pipeline.state.status !== 'live' && (
          <span className="chip chip--info">{t('topbar.externalIngest')}</span>
        )}
      </div>
      <div className="topbar__actions">
        {onLanSharing && (
          <span className="topbar__lan" title={t('topbar.lanSharingHint')}>
            <Toggle checked={snapshot.settings.relay.lanSharing} onChange={onLanSharing} label={t('topbar.lanSharing')} disabled={snapshot.relay.status === 'starting'} testId="lan-sharing" />
          </span>
        )}
        <ViewerLink relay={snapshot.relay} />
        <ObsSettings relay={snapshot.relay} />
        <button type="button" className="btn btn--ghost btn--sm" onClick={onOpenHistory} data-testid="open-history">{t('history.openButton')}</button>
        <LanguageSwitch onChange={onLanguage} />
        <button type="button" className="icon-btn" onClick={onOpenSettings} aria-label={t('settings.open')} title={t('settings.open')} data-testid="open-settings">
          <Icon name="settings" size={18} />
        </button>
      </div>
    </header>
  );
}
