/**
 * Stores an event, then fans it out, then answers: an ack always means the event is in the log.
 * Shared by the posting rules (room-service), the staff actions (staff-service) and moderation.
 */
import type { AckErrorCode, RoomEvent, RoomUser, SystemCode, SystemParamsByCode } from '../../common/room-protocol';
import type { Reply } from './caller';
import type { EventDraft, EventLog } from './event-log';
import type { Fanout } from './fanout';

export const SYSTEM_USER: RoomUser = { id: 'system', name: 'System', role: 'owner' };

export const fail = (code: AckErrorCode, message: string) => ({ ok: false as const, code, message });

export class Recorder {
  constructor(private readonly log: EventLog, private readonly fanout: Fanout, private readonly now: () => number) {}

  record(room: string, draft: EventDraft, reply: Reply): RoomEvent | null {
    let event: RoomEvent;
    try {
      event = this.log.append(room, draft);
    } catch (err) {
      reply(fail('internal', `Could not store the event: ${(err as Error).message}`));
      return null;
    }
    this.fanout.publish(room, event);
    reply({ ok: true, seq: event.seq });
    return event;
  }

  /** A `system` event: `code` and `params` for clients to render in their language, `text` as the English fallback. */
  system<C extends SystemCode>(code: C, params: SystemParamsByCode[C], text: string, target?: { userId?: string; seq?: number }): EventDraft {
    return { type: 'system', ts: this.now(), user: SYSTEM_USER, code, params, text, ...(target ? { target } : {}) } as EventDraft;
  }

  /** Runs a state-changing write; on failure answers `internal` and returns false. */
  tryWrite(reply: Reply<object>, write: () => void): boolean {
    try {
      write();
      return true;
    } catch (err) {
      reply(fail('internal', `Could not store the change: ${(err as Error).message}`));
      return false;
    }
  }
}
