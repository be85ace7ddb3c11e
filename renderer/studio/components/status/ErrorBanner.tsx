/**
 * Problems the streamer must act on, one banner each: the pipeline's error (what failed, why, what
 * to do: the text is the core's, with ffmpeg's log lines behind "details"), a relay or room error, a
 * refused action, and the core's notes. Dismissable where dismissing means something.
 */
import { useState } from 'react';
import type { PipelineError, StudioNote } from '../../../../common/studio-api';
import { translateCoded, type Lang } from '../../../shared/i18n';
import { useI18n } from '../../../shared/i18n/react';
import { Icon } from '../common/Icon';

export interface BannerItem {
  id: string;
  level: 'info' | 'warn' | 'error';
  title: string;
  message: string;
  details?: string[];
  action?: { label: string; run: () => void };
  onDismiss?: () => void;
}

function Banner({ item }: { item: BannerItem }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <div className={`banner banner--${item.level}`} role={item.level === 'error' ? 'alert' : 'status'} data-testid={`banner-${item.id}`}>
      <Icon name="warn" size={18} />
      <div className="banner__body">
        <strong className="banner__title">{item.title}</strong>
        <p className="banner__message">{item.message}</p>
        {open && item.details && <pre className="banner__details mono">{item.details.join('\n')}</pre>}
      </div>
      <div className="banner__actions">
        {item.details && item.details.length > 0 && (
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
            {open ? t('banner.hideDetails') : t('banner.showDetails')}
          </button>
        )}
        {item.action && <button type="button" className="btn btn--sm" onClick={item.action.run}>{item.action.label}</button>}
        {item.onDismiss && (
          <button type="button" className="icon-btn" onClick={item.onDismiss} aria-label={t('banner.dismiss')} title={t('banner.dismiss')}>
            <Icon name="close" />
          </button>
        )}
      </div>
    </div>
  );
}

export function Banners({ items }: { items: BannerItem[] }) {
  if (items.length === 0) return null;
  return <div className="banners">{items.map((i) => <Banner key={i.id} item={i} />)}</div>;
}

/** Notes from the core become banners, in the user's language when the note has a code; info notes are quieter but still dismissable. */
export function noteToBanner(n: StudioNote, lang: Lang, title: string, dismiss: (id: string) => void): BannerItem {
  return { id: `note-${n.id}`, level: n.level, title, message: translateCoded(lang, 'studioNote', n), onDismiss: () => dismiss(n.id) };
}

export function pipelineErrorBanner(e: PipelineError, title: string, retry: BannerItem['action']): BannerItem {
  return { id: 'pipeline-error', level: 'error', title, message: e.message, details: e.logLines, action: retry };
}
