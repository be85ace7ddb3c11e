/**
 * The viewer page's address on the LAN (what phones on the same Wi-Fi open), with copy and a QR
 * popover. Several LAN addresses (Ethernet + Wi-Fi, VPN) can be picked from in the popover.
 */
import { useState } from 'react';
import type { RelayInfo } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import { CopyButton } from '../common/CopyButton';
import { Icon } from '../common/Icon';
import { Popover } from '../common/Popover';
import { QrCode } from './QrCode';

export function ViewerLink({ relay }: { relay: RelayInfo }) {
  const { t } = useI18n();
  const [pick, setPick] = useState(0);
  const options = relay.lanUrls.length ? relay.lanUrls.map((l) => ({ label: l.address, url: l.urls.viewer })) : relay.urls ? [{ label: 'localhost', url: relay.urls.viewer }] : [];
  const current = options[Math.min(pick, options.length - 1)];

  if (!current) {
    return <span className="viewer-link viewer-link--none" data-testid="viewer-url">{t('topbar.viewerUrlPending')}</span>;
  }
  return (
    <div className="viewer-link">
      <span className="viewer-link__label">{t('topbar.viewerUrl')}</span>
      <a className="viewer-link__url mono" href={current.url} target="_blank" rel="noreferrer" data-testid="viewer-url" title={current.url}>
        {current.url.replace(/^https?:\/\//, '')}
      </a>
      <CopyButton text={current.url} label={t('topbar.copyViewerUrl')} testId="copy-viewer-url" />
      <Popover
        id="viewer-qr"
        align="end"
        label={t('topbar.qrTitle')}
        trigger={({ open, toggle, id }) => (
          <button type="button" className="icon-btn" aria-expanded={open} aria-controls={id} onClick={toggle} title={t('topbar.showQr')} aria-label={t('topbar.showQr')} data-testid="viewer-qr">
            <Icon name="qr" />
          </button>
        )}
      >
        <div className="qr-pop">
          <QrCode text={current.url} label={t('topbar.qrTitle')} />
          <p className="qr-pop__hint">{t('topbar.qrHint')}</p>
          {options.length > 1 && (
            <label className="field field--inline">
              <span>{t('topbar.lanAddress')}</span>
              <select value={pick} onChange={(e) => setPick(Number(e.target.value))}>
                {options.map((o, i) => <option key={o.url} value={i}>{o.label}</option>)}
              </select>
            </label>
          )}
          <p className="mono qr-pop__url">{current.url}</p>
        </div>
      </Popover>
    </div>
  );
}
