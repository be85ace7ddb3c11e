/**
 * The core's one stream of StudioEvents, and the notes shown to the streamer. A listener that throws
 * (a closed window, a dropped socket) must not break the core or the other listeners.
 */
import type { CodedMessage, StudioEvent, StudioNote } from '../../common/studio-api';
import type { Logger } from '../../media/log';

export class EventHub {
  private readonly listeners = new Set<(e: StudioEvent) => void>();

  constructor(private readonly log: Logger) {}

  on(listener: (e: StudioEvent) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  emit(e: StudioEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch (err) {
        this.log.warn(`event listener failed on ${e.type}: ${(err as Error).message}`);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

/** Notes: English text for logs and as the fallback, a code + params the UI translates when there is one. */
export class NoteBoard {
  private notes: StudioNote[] = [];
  private seq = 0;

  constructor(private readonly hub: EventHub, private readonly now: () => number = Date.now) {}

  list(): StudioNote[] {
    return [...this.notes];
  }

  add(level: StudioNote['level'], message: string | CodedMessage): void {
    const coded = typeof message === 'string' ? { text: message } : message;
    this.notes.push({ id: `n${++this.seq}`, level, ...coded, ts: this.now() });
    this.hub.emit({ type: 'notes.changed', notes: this.list() });
  }

  dismiss(id: string): void {
    const before = this.notes.length;
    this.notes = this.notes.filter((n) => n.id !== id);
    if (this.notes.length !== before) this.hub.emit({ type: 'notes.changed', notes: this.list() });
  }
}
