import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomEvent } from '../../common/room-protocol';
import { addEvents, FEED_MAX, INITIAL_CONSOLE, reduceConsole, userCard } from '../../renderer/shared/mod-console/state';

const user = { id: 'v1', name: 'a', role: 'viewer' as const };
const dm = (seq: number, extra: object = {}): RoomEvent => ({ seq, ts: seq * 1000, type: 'danmaku', user, text: `t${seq}`, color: '#ffffff', mode: 'scroll', ...extra });
const sys = (seq: number, code: string, params: object): RoomEvent => ({ seq, ts: seq, type: 'system', user: { id: 'system', name: 'System', role: 'owner' }, code, params, text: '' } as RoomEvent);

describe('moderator console state', () => {
  it('keeps each seq once, in order, bounded', () => {
    let s = addEvents(INITIAL_CONSOLE, [dm(3), dm(1)]);
    s = addEvents(s, [dm(2), dm(3)]);
    assert.deepEqual(s.feed.map((e) => e.seq), [1, 2, 3]);
    s = addEvents(s, Array.from({ length: FEED_MAX + 10 }, (_, i) => dm(10 + i)));
    assert.equal(s.feed.length, FEED_MAX);
  });
  it('marks deletions and counts ban-list changes from system events', () => {
    const s = addEvents(INITIAL_CONSOLE, [dm(1), sys(2, 'delete', { seq: 1, userId: 'v1', by: 'Ann' }), sys(3, 'timeout', { userId: 'v1' })]);
    assert.ok(s.deleted.has(1));
    assert.equal(s.bansVersion, 1);
  });
  it('held messages leave the queue when reviewed; approved ones become ordinary, denied ones stay marked', () => {
    let s = addEvents(INITIAL_CONSOLE, [dm(1, { held: 'pending' }), dm(2, { held: 'pending' })]);
    for (const holdId of [1, 2]) s = reduceConsole(s, { type: 'held', held: { holdId, user, text: 'x', rule: 'links', detail: '', at: 0 } });
    s = reduceConsole(s, { type: 'reviewed', reviewed: { holdId: 1, approve: true, by: 'Ann', at: 0 } });
    s = reduceConsole(s, { type: 'reviewed', reviewed: { holdId: 2, approve: false, by: 'Ann', at: 0 } });
    assert.deepEqual(s.held, []);
    assert.deepEqual(s.feed.map((e) => e.type === 'danmaku' && (e.held ?? 'shown')), ['shown', 'denied']);
  });
  it('alerts about the same wave replace each other, newest first', () => {
    let s = reduceConsole(INITIAL_CONSOLE, { type: 'alert', alert: { id: 'wave-1', kind: 'wave', users: [], sample: 'a', score: 1, at: 1 } });
    s = reduceConsole(s, { type: 'alert', alert: { id: 'flood-2', kind: 'flood', users: [], sample: 'b', score: 5, at: 2 } });
    s = reduceConsole(s, { type: 'alert', alert: { id: 'wave-1', kind: 'wave', users: [{ id: 'x', name: 'x' }], sample: 'a', score: 1, at: 3 } });
    assert.deepEqual(s.alerts.map((a) => [a.id, a.users.length]), [['wave-1', 1], ['flood-2', 0]]);
  });
  it('a user card gathers messages, gift value and actions about the user', () => {
    let s = addEvents(INITIAL_CONSOLE, [dm(1), { seq: 2, ts: 2, type: 'gift', user, giftId: 'rocket', name: '火箭', count: 1, value: 5000, combo: 1 }]);
    s = reduceConsole(s, { type: 'audit', entry: { id: 1, at: 3, actor: 'owner', actorName: 'Host', action: 'timeout', targetUserId: 'v1' } });
    const c = userCard(s, 'v1');
    assert.deepEqual([c.messages.length, c.gifts, c.actions.length, c.firstSeen], [1, 5000, 1, 1000]);
  });
});
