/** The streamer's own message to the room (sent as the owner through the API). */
import { useState } from 'react';
import { useI18n } from '../../../shared/i18n/react';
import { Icon } from '../common/Icon';

const MAX = 60;

export function SendBox({ onSend, disabled }: { onSend: (text: string) => Promise<boolean>; disabled: boolean }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const submit = () => {
    const v = text.trim();
    if (!v || sending) return;
    setSending(true);
    void onSend(v).then((ok) => {
      setSending(false);
      if (ok) setText('');
    });
  };
  return (
    <form className="sendbox" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <input value={text} maxLength={MAX} onChange={(e) => setText(e.target.value)} placeholder={t('feed.sendPlaceholder')} aria-label={t('feed.sendPlaceholder')} disabled={disabled} />
      <span className="sendbox__count mono" aria-hidden="true">{text.length}/{MAX}</span>
      <button type="submit" className="icon-btn" disabled={disabled || sending || !text.trim()} aria-label={t('feed.send')} title={t('feed.send')}>
        <Icon name="send" />
      </button>
    </form>
  );
}
