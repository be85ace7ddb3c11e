/**
 * The studio's moderator console path: the owner's room client passes console requests to the hub
 * (`room.moderate`) and forwards staff packets (held, reviewed, alerts, audit, settings); the ban
 * list with unban works after a hub restart (the studio's "ban list after a restart").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomStaffMessage } from '../../common/studio-api';
import { StudioError } from '../../common/studio-api';
import { studioRequestSchemas } from '../../main/studio/api-schemas';
import { roomClientPort } from '../../main/studio/adapters';
import { RoomClient } from '../../main/room/client';
import { connect, OWNER_KEY, routedServer, send, startHub, tmpDir, until } from '../helpers/room-hub';

function owner(url: string) {
  const client = new RoomClient({ url, room: 'main', key: OWNER_KEY, fromSeq: 0 });
  const port = roomClientPort(client);
  const staff: RoomStaffMessage[] = [];
  port.onStaff((m) => staff.push(m));
  client.connect();
  return { client, port, staff, ready: until(() => client.state === 'live', 'studio live') };
}

describe('studio moderator console path', () => {
  it('passes requests through as the owner and forwards staff packets', async () => {
    const dataDir = tmpDir();
    const server = routedServer();
    const h = await startHub({ dataDir, trustedProxies: ['127.0.0.1'] }, server);
    const o = owner(h.url);
    await o.ready;
    assert.equal(o.port.state().settings?.linkPolicy, 'allow', 'settings from welcome');
    const set = await o.port.moderate({ name: 'room-settings', payload: { linkPolicy: 'hold' } }) as { settings: { linkPolicy: string } };
    assert.equal(set.settings.linkPolicy, 'hold');
    await until(() => o.staff.some((m) => m.kind === 'settings'), 'settings event');

    const v = await connect(h.url, { room: 'main', name: 'linker' }, { 'X-Forwarded-For': '198.51.100.9' });
    const held = await send(v, 'danmaku', { text: 'see www.example.com' });
    assert.ok(held.ok);
    await until(() => o.staff.some((m) => m.kind === 'held' && m.held.holdId === held.seq), 'held reaches the studio');
    await o.port.moderate({ name: 'review', payload: { holdId: held.seq, approve: false } });
    await until(() => o.staff.some((m) => m.kind === 'reviewed'), 'reviewed reaches the studio');
    await until(() => o.staff.some((m) => m.kind === 'audit' && m.entry.action === 'deny'), 'audit entries reach the studio');

    await o.port.moderate({ name: 'timeout', payload: { userId: v.welcome.you.id, seconds: 600 } });
    await assert.rejects(o.port.moderate({ name: 'timeout', payload: { userId: v.welcome.you.id, seconds: -1 } }), (e: unknown) => e instanceof StudioError && e.code === 'invalid');
    // the console's name list is enforced at the API edge too
    assert.equal(studioRequestSchemas['room.moderate'].safeParse({ name: 'danmaku', payload: {} }).success, false);
    o.client.close();
    v.socket.close();
    await h.hub.close();

    // after a restart, the ban list (timeouts included) is there and unban works
    const h2 = await startHub({ dataDir, trustedProxies: ['127.0.0.1'] }, server);
    try {
      const o2 = owner(h2.url);
      await o2.ready;
      const bans = await o2.port.moderate({ name: 'bans', payload: {} }) as { bans: { userId: string; name: string; until?: number }[] };
      assert.deepEqual(bans.bans.map((b) => [b.userId, b.name, typeof b.until]), [[v.welcome.you.id, 'linker', 'number']]);
      await o2.port.moderate({ name: 'unban', payload: { userId: v.welcome.you.id } });
      const after = await o2.port.moderate({ name: 'bans', payload: {} }) as { bans: unknown[] };
      assert.equal(after.bans.length, 0);
      o2.client.close();
    } finally {
      await h2.stop();
    }
  });
});
