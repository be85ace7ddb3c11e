/**
 * Adds an RTMP destination (Bilibili, Douyin, Twitch, YouTube...): the platform's server URL and
 * stream key, as the platforms present them. The core validates the URL; its message shows here.
 */
import { useState } from 'react';
import type { Destination } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import { uniqueId } from '../../logic/scene-edit';

interface Props {
  existing: Destination[];
  errors: string[];
  busy: boolean;
  onAdd: (d: Destination) => void;
  onCancel: () => void;
}

export function AddDestinationForm({ existing, errors, busy, onAdd, onCancel }: Props) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [key, setKey] = useState('');
  const urlLooksWrong = url.trim() !== '' && !/^rtmps?:\/\//i.test(url.trim());

  return (
    <form
      className="dest-form"
      onSubmit={(e) => {
        e.preventDefault();
        const n = name.trim() || url.trim().replace(/^rtmps?:\/\//i, '').split('/')[0] || 'rtmp';
        onAdd({ id: uniqueId(n, existing.map((d) => d.id)), name: n, url: url.trim(), key: key.trim(), enabled: true });
      }}
    >
      <label className="field"><span>{t('outputs.name')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('outputs.namePlaceholder')} maxLength={100} /></label>
      <label className="field"><span>{t('outputs.url')}</span>
        <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="rtmp://live-push.bilivideo.com/live-bvc/" className="mono" required aria-invalid={urlLooksWrong} /></label>
      <label className="field"><span>{t('outputs.key')}</span>
        <input value={key} onChange={(e) => setKey(e.target.value)} type="password" autoComplete="off" className="mono" /></label>
      {urlLooksWrong && <p className="field-error">{t('outputs.urlHint')}</p>}
      {errors.map((m) => <p key={m} className="field-error">{m}</p>)}
      <div className="dest-form__actions">
        <button type="submit" className="btn btn--primary btn--sm" disabled={busy || !url.trim()}>{t('outputs.addConfirm')}</button>
        <button type="button" className="btn btn--ghost btn--sm" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
