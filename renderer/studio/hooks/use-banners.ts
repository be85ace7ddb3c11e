/**
 * Everything that goes into the banner stack, most urgent first: the pipeline's error (with Try
 * again), an overloaded encoder (what to change), a room-hub error, a refused action, then the core's
 * notes (the relay's problems among them).
 */
import type { StudioApi, StudioSnapshot } from '../../../common/studio-api';
import { errorText } from '../../shared/i18n';
import { useI18n } from '../../shared/i18n/react';
import { noteToBanner, pipelineErrorBanner, type BannerItem } from '../components/status/ErrorBanner';
import type { Actions } from './use-actions';

/** Refusals shown next to their own fields instead of in a banner. */
const INLINE_ACTIONS = new Set(['settings', 'destinations']);

export function useBanners(api: StudioApi, snapshot: StudioSnapshot, actions: Actions, openSettings: () => void): BannerItem[] {
  const { t, lang } = useI18n();
  const items: BannerItem[] = [];
  const { state } = snapshot.pipeline;
  if (state.error) {
    items.push(pipelineErrorBanner(state.error, t('banner.pipelineError'), state.status === 'error' || state.status === 'idle'
      ? { label: t('banner.retry'), run: () => void actions.run('goLive', () => api.goLive()) }
      : { label: t('banner.openSettings'), run: openSettings }));
  }
  const overload = snapshot.pipeline.stats?.overload;
  if (overload && (state.status === 'live' || state.status === 'switching')) {
    const advice = overload.advice.map((a) => t(`overload.advice.${a.code}`, a.params ?? {}));
    items.push({
      id: 'overload', level: 'warn', title: t('overload.title'),
      message: `${t('overload.message', { percent: overload.droppedPercent })} ${advice.join(lang === 'zh-CN' ? '；' : '; ')}${lang === 'zh-CN' ? '。' : '.'}`,
      action: { label: t('banner.openSettings'), run: openSettings },
    });
  }
  // The relay's error and start-up notes (a taken port) reach the streamer as the core's notes, in
  // their language (studioNote.relay-failed, relay-*-port-taken, ffmpeg-fallback): not shown twice.
  if (snapshot.room.error) items.push({ id: 'room-error', level: 'warn', title: t('banner.roomError'), message: snapshot.room.error });
  if (actions.error && !INLINE_ACTIONS.has(actions.error.action)) {
    items.push({
      id: `action-${actions.error.action}`,
      level: 'error',
      title: t('banner.actionFailed'),
      message: errorText(lang, actions.error),
      details: actions.error.issues.length ? actions.error.issues : undefined,
      onDismiss: actions.clearError,
    });
  }
  for (const n of snapshot.notes) {
    items.push(noteToBanner(n, lang, t(n.level === 'error' ? 'banner.noteError' : n.level === 'warn' ? 'banner.noteWarn' : 'banner.noteInfo'), (id) => void actions.run('dismissNote', () => api.dismissNote(id))));
  }
  return items;
}
