/** For streamers who keep OBS: the relay's server URL and stream key to paste into OBS → Stream → Custom. */
import type { RelayInfo } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import { Popover } from '../common/Popover';
import { ReadOnlyField } from './SecretField';

export function ObsSettings({ relay }: { relay: RelayInfo }) {
  const { t } = useI18n();
  return (
    <Popover
      id="obs-settings"
      align="end"
      label={t('obs.title')}
      trigger={({ open, toggle, id }) => (
        <button type="button" className="btn btn--ghost btn--sm" aria-expanded={open} aria-controls={id} onClick={toggle} data-testid="obs-settings">
          {t('obs.button')}
        </button>
      )}
    >
      <div className="obs-pop">
        <h3>{t('obs.title')}</h3>
        <p className="muted">{t('obs.hint')}</p>
        {relay.urls ? (
          <>
            <ReadOnlyField label={t('obs.server')} value={relay.urls.rtmp} testId="obs-server" />
            <ReadOnlyField label={t('obs.streamKey')} value={relay.urls.obsStreamKey} secret testId="obs-key" />
            <p className="muted small">{t('obs.overlayHint')}</p>
            <ReadOnlyField label={t('obs.overlayUrl')} value={relay.urls.overlay} />
          </>
        ) : (
          <p className="muted">{t('obs.relayNotRunning')}</p>
        )}
      </div>
    </Popover>
  );
}
