/** A banned user posts nothing (danmaku, gifts, likes); they still watch. */
import type { RoomStates } from '../room-state';
import type { PostRule } from './types';

export function bannedRule(states: RoomStates): PostRule {
  return {
    name: 'banned',
    check: ({ caller }) => (states.get(caller.room).banned.has(caller.user.id) ? { action: 'refuse', code: 'banned', message: 'You are muted in this room.' } : null),
  };
}
