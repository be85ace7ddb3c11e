import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoomEvent, RoomUser } from '../../common/room-protocol';
import { roleBadge } from '../../renderer/shared/i18n/room-events';

const dm = (user: RoomUser): RoomEvent => ({ type: 'danmaku', seq: 1, ts: 0, user, text: 'hi', color: '#ffffff', mode: 'scroll' });

test('role badges (viewer page, overlay and studio feed) come from the role and the event type, never the name', () => {
  assert.deepEqual(roleBadge('zh-CN', dm({ id: 'owner', name: 'x', role: 'owner' })), { kind: 'owner', label: '主播' });
  assert.deepEqual(roleBadge('en', dm({ id: 'owner', name: 'x', role: 'owner' })), { kind: 'owner', label: 'Host' });
  assert.deepEqual(roleBadge('zh-CN', dm({ id: 'm_1', name: 'Ann', role: 'moderator' })), { kind: 'moderator', label: '房管' });
  assert.deepEqual(roleBadge('en', { type: 'system', user: { id: 'system', name: 'System', role: 'owner' } }), { kind: 'system', label: 'System' });
  assert.deepEqual(roleBadge('zh-CN', { type: 'system', user: { id: 'system', name: 'System', role: 'owner' } }), { kind: 'system', label: '系统' });
  for (const name of ['主播', 'Host', 'System', '系统']) assert.equal(roleBadge('zh-CN', dm({ id: 'v_1', name, role: 'viewer' })), null);
});
