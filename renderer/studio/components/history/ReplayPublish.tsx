/**
 * A session's "publish replay for viewers" toggle and link. The relay archives every publish and
 * keeps it private; the studio's room connection is the owner, so it lists the relay's sessions and
 * flips the flag (`replay-sessions`, `replay-publish` through room.moderate). A history session and
 * a relay session share their id: the seq of the live mark, in the same room.
 */
import { useCallback, useEffect, useState } from 'react';
import { replayPagePath, type ReplaySessionSummary } from '../../../../common/replay';
import type { StudioApi } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';

interface Props { api: StudioApi; id: string }

type State = { kind: 'loading' } | { kind: 'none' } | { kind: 'error'; message: string } | { kind: 'ready'; session: ReplaySessionSummary; url: string | null };

export function ReplayPublish({ api, id }: Props) {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ kind: 'loading' });
  /** The value asked for while the relay has not answered yet (the box follows the click at once). */
  const [asked, setAsked] = useState<boolean | null>(null);
  const cut = id.lastIndexOf('/');
  const room = id.slice(0, cut);
  const seq = Number(id.slice(cut + 1));

  const load = useCallback(async () => {
    try {
      const snap = await api.getSnapshot();
      // An archived history room (`main~1`, after a relay log reset) has no replays on the relay.
      if (snap.relay.room !== room) return setState({ kind: 'none' });
      const answer = (await api.room.moderate({ name: 'replay-sessions', payload: {} })) as { sessions?: ReplaySessionSummary[] };
      const session = answer.sessions?.find((s) => s.session === seq);
      if (!session) return setState({ kind: 'none' });
      const viewer = snap.relay.lanUrls[0]?.urls.viewer ?? snap.relay.urls?.viewer;
      setState({ kind: 'ready', session, url: viewer ? new URL(replayPagePath(room, seq), viewer).href : null });
    } catch (err) {
      setState({ kind: 'error', message: (err as Error).message });
    }
  }, [api, room, seq]);
  useEffect(() => void load(), [load]);

  if (state.kind === 'loading') return null;
  if (state.kind === 'none') return <span className="small muted" data-testid="replay-publish">{t('history.replayNone')}</span>;
  if (state.kind === 'error') return <span className="small muted" data-testid="replay-publish">{t('history.replayUnavailable', { message: state.message })}</span>;
  const toggle = async (published: boolean) => {
    setAsked(published);
    try {
      await api.room.moderate({ name: 'replay-publish', payload: { session: seq, published } });
      setState({ ...state, session: { ...state.session, published } });
    } catch (err) {
      setState({ kind: 'error', message: (err as Error).message });
    } finally {
      setAsked(null);
    }
  };
  return (
    <span className="hsession__replay" data-testid="replay-publish">
      <label title={t('history.replayPublishHint')}>
        <input type="checkbox" checked={asked ?? state.session.published} disabled={asked !== null} onChange={(e) => void toggle(e.target.checked)} /> {t('history.replayPublish')}
      </label>
      {state.session.published && state.url && <a href={state.url} target="_blank" rel="noreferrer" className="small">{t('history.replayOpen')}</a>}
    </span>
  );
}
