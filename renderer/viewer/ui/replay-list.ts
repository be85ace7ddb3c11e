/** The room page's list of past streams the streamer published as replays (GET /api/replay/<room>). */
import { formatMediaTime, replayListPath, replayPagePath, type ReplayListResponse, type ReplaySessionSummary } from '../../../common/replay';
import { getLang } from '../../shared/i18n';
import { formatDateTime } from '../../studio/components/history/format';
import { t } from '../strings';

export class ReplayList {
  private sessions: ReplaySessionSummary[] = [];

  constructor(private readonly el: HTMLElement, private readonly room: string) {}

  async load(): Promise<void> {
    try {
      const res = await fetch(replayListPath(this.room), { cache: 'no-store' });
      if (!res.ok) return;
      this.sessions = ((await res.json()) as ReplayListResponse).sessions.slice(0, 50);
    } catch {
      return; // the list is an extra: the live room works without it
    }
    this.render();
  }

  render(): void {
    this.el.hidden = this.sessions.length === 0;
    const head = document.createElement('h3');
    head.textContent = t('replays');
    const list = document.createElement('ul');
    for (const s of this.sessions) {
      const a = document.createElement('a');
      a.href = replayPagePath(this.room, s.session);
      a.textContent = t('replayItem', { date: formatDateTime(getLang(), s.startedAt), duration: formatMediaTime(s.duration) });
      const li = document.createElement('li');
      li.appendChild(a);
      list.appendChild(li);
    }
    this.el.replaceChildren(head, list);
  }
}
