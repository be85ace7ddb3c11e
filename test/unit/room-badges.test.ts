import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoomEvent, RoomUser } from '../../common/room-protocol';
import { roleBadge, systemEventText } from '../../renderer/shared/i18n/room-events';

const dm = (user: RoomUser): RoomEvent => ({ type: 'danmaku', seq: 1, ts: 0, user, text: 'hi', color: '#ffffff', mode: 'scroll' });

test('role badges (viewer page, overlay and studio feed) come from the role and the event type, never the name', () => {
  assert.deepEqual(roleBadge('zh-CN', dm({ id: 'owner', name: 'x', role: 'owner' })), { kind: 'owner', label: '主播' });
  assert.deepEqual(roleBadge('en', dm({ id: 'owner', name: 'x', role: 'owner' })), { kind: 'owner', label: 'Host' });
  assert.deepEqual(roleBadge('zh-CN', dm({ id: 'm_1', name: 'Ann', role: 'moderator' })), { kind: 'moderator', label: '房管' });
  assert.deepEqual(roleBadge('en', { type: 'system', user: { id: 'system', name: 'System', role: 'owner' } }), { kind: 'system', label: 'System' });
  assert.deepEqual(roleBadge('zh-CN', { type: 'system', user: { id: 'system', name: 'System', role: 'owner' } }), { kind: 'system', label: '系统' });
  for (const name of ['主播', 'Host', 'System', '系统']) assert.equal(roleBadge('zh-CN', dm({ id: 'v_1', name, role: 'viewer' })), null);
});

test('a staff action by the owner names the host in the reader\'s language (not the fixed name "Host"); a moderator keeps its name', () => {
  const ban = { code: 'ban' as const, text: 'troll was muted by Host', params: { userId: 'v_1', name: 'troll', by: 'Host', byRole: 'owner' } };
  assert.equal(systemEventText('zh-CN', ban), 'troll 被 主播 禁言');
  assert.equal(systemEventText('en', ban), 'troll was muted by Host');
  const byMod = { code: 'ban' as const, text: 'troll was muted by Ann', params: { userId: 'v_1', name: 'troll', by: 'Ann', byRole: 'moderator' } };
  assert.equal(systemEventText('zh-CN', byMod), 'troll 被 Ann 禁言');
  // an owner that chose a name (a bot with the key) keeps it
  assert.equal(systemEventText('zh-CN', { ...ban, params: { ...ban.params, by: '阿明' } }), 'troll 被 阿明 禁言');
  // events stored before byRole was sent read as before
  assert.equal(systemEventText('zh-CN', { code: 'unban', text: 'x', params: { userId: 'v_1', name: 'troll', by: 'Host' } }), 'troll 被 Host 解除禁言');
});
