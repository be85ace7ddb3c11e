/** The streamer's own message to the room (sent as the owner through the API). */
import { useState } from 'react';
import { countChars, MAX_DANMAKU_CHARS } from '../../../../common/text-length';
import { useI18n } from '../../../shared/i18n/react';
import { Icon } from '../common/Icon';

export function SendBox({ onSend, disabled }: { onSend: (text: string) => Promise<boolean>; disabled: boolean }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  // Counted as the hub counts (code points after normalisation): one emoji is one character.
  const used = countChars(text);
  const over = used > MAX_DANMAKU_CHARS;
  const submit = () => {
    const v = text.trim();
    if (!v || sending || over) return;
    setSending(true);
    void onSend(v).then((ok) => {
      setSending(false);
      if (ok) setText('');
    });
  };
  return (
    <form className="sendbox" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <input value={text} onChange={(e) => setText(e.target.value)} placeholder={t('feed.sendPlaceholder')} aria-label={t('feed.sendPlaceholder')} aria-invalid={over} disabled={disabled} data-testid="studio-send-input" />
      <span className={`sendbox__count mono${over ? ' is-over' : ''}`} data-testid="studio-send-count" title={t('feed.charLimit', { n: MAX_DANMAKU_CHARS })}>{used}/{MAX_DANMAKU_CHARS}</span>
      <button type="submit" className="icon-btn" disabled={disabled || sending || !text.trim() || over} aria-label={t('feed.send')} title={t('feed.send')} data-testid="studio-send">
        <Icon name="send" />
      </button>
    </form>
  );
}
