import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomEvent, RoomUser } from '../../common/room-protocol';
import { parseSessionId, sessionId, splitHighlights } from '../../common/history';
import { parseCsv, toBilibiliXml, toCsv, toJson, CSV_COLUMNS } from '../../main/history/export';
import { highlightRanges } from '../../main/history/service';
import { deriveSessions, sessionAt } from '../../main/history/sessions';
import { fromRow, rowOf, toRow } from '../../main/history/event-row';

const u: RoomUser = { id: 'v_1', name: '小王, "the" fan', role: 'viewer' };
const T0 = Date.UTC(2026, 0, 2, 20, 0, 0);

describe('sessions from live/offline marks', () => {
  it('pairs live with offline; a relay restart (live without offline) ends the open session just before', () => {
    const s = deriveSessions([
      { seq: 1, ts: 100, code: 'offline' }, // offline without a session: ignored
      { seq: 5, ts: 500, code: 'live' },
      { seq: 20, ts: 2000, code: 'offline' },
      { seq: 21, ts: 2100, code: 'offline' }, // duplicate
      { seq: 30, ts: 3000, code: 'live' },
      { seq: 50, ts: 5000, code: 'live' }, // relay restarted mid-stream
      { seq: 70, ts: 7000, code: 'offline' },
      { seq: 80, ts: 8000, code: 'live' }, // live now
    ]);
    assert.deepEqual(s.map((x) => [x.startSeq, x.endSeq, x.end, x.interrupted]), [
      [5, 20, 2000, false], [30, 49, null, true], [50, 70, 7000, false], [80, null, null, false],
    ]);
    assert.equal(sessionAt(s, 10)?.startSeq, 5);
    assert.equal(sessionAt(s, 25), null, 'between sessions');
    assert.equal(sessionAt(s, 49)?.startSeq, 30);
    assert.equal(sessionAt(s, 50)?.startSeq, 50);
    assert.equal(sessionAt(s, 10_000)?.startSeq, 80, 'the open session runs to the latest event');
    assert.equal(sessionAt(s, 3), null);
  });

  it('session ids round-trip and refuse anything else', () => {
    assert.deepEqual(parseSessionId(sessionId('main-room', 42)), { room: 'main-room', startSeq: 42 });
    for (const bad of ['main', 'main/0', 'main/-1', '../x/1', 'a b/1', 'main/1/2']) assert.equal(parseSessionId(bad), null, bad);
  });
});

describe('event rows', () => {
  it('every kind of event comes back as it went in', () => {
    const events: RoomEvent[] = [
      { seq: 1, ts: T0, user: u, type: 'danmaku', text: '主播好 🎉', color: '#ffffff', mode: 'scroll' },
      { seq: 2, ts: T0, user: u, type: 'danmaku', text: 'top red', color: '#ff0000', mode: 'top' },
      { seq: 3, ts: T0, user: u, type: 'gift', giftId: 'rocket', name: '火箭', count: 2, value: 2000, combo: 3 },
      { seq: 4, ts: T0, user: u, type: 'like', count: 7 },
      { seq: 5, ts: T0, user: { ...u, role: 'moderator' }, type: 'enter' },
      { seq: 6, ts: T0, user: { id: 'system', name: 'System', role: 'owner' }, type: 'system', text: 'removed', code: 'delete', params: { seq: 1, userId: 'v_1', by: 'Host' }, target: { seq: 1 } },
      { seq: 7, ts: T0, user: { id: 'system', name: 'System', role: 'owner' }, type: 'system', text: 'The stream started', code: 'live', params: {} },
    ];
    for (const e of events) {
      assert.deepEqual(fromRow(rowOf(toRow('main', e))), e);
    }
  });
});

describe('exports', () => {
  const tricky = ['comma, inside', 'quote " inside', 'new\nline', 'crlf\r\nline', '表情 😀👍🏽 emoji', '=SUM(A1)', ''];
  const events: RoomEvent[] = tricky.map((text, i) => ({ seq: i + 10, ts: T0 + i * 1500, user: u, type: 'danmaku', text, color: '#00ff00', mode: i % 2 ? 'top' : 'scroll' }));
  events.push({ seq: 30, ts: T0 + 20_000, user: u, type: 'gift', giftId: 'cake', name: '蛋糕, big', count: 3, value: 156, combo: 1 });

  it('CSV round-trips commas, quotes, newlines and emoji', () => {
    const csv = toCsv(events);
    assert.ok(csv.startsWith('\ufeff'), 'BOM for spreadsheet apps');
    const rows = parseCsv(csv);
    assert.deepEqual(rows[0], [...CSV_COLUMNS]);
    assert.equal(rows.length, events.length + 1);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    assert.deepEqual(rows.slice(1, tricky.length + 1).map((r) => r[col('text')]), tricky);
    assert.ok(rows.slice(1).every((r) => r[col('user_name')] === u.name && r.length === CSV_COLUMNS.length));
    assert.deepEqual([rows.at(-1)![col('gift')], rows.at(-1)![col('count')], rows.at(-1)![col('value')]], ['蛋糕, big', '3', '156']);
  });

  it('JSON round-trips every event', () => {
    const summary = { id: 'main/1' } as never;
    const parsed = JSON.parse(toJson(summary, events)) as { session: unknown; events: RoomEvent[] };
    assert.deepEqual(parsed.events, events);
    assert.deepEqual(parsed.session, { id: 'main/1' });
  });

  it('danmaku XML is bilibili-shaped, relative to the recording start and escaped', () => {
    const withMarkup: RoomEvent = { seq: 40, ts: T0 + 2_500, user: { id: 'v,x', name: 'x', role: 'viewer' }, type: 'danmaku', text: '<b>&"\u0001\'', color: '#ff0000', mode: 'bottom' };
    const xml = toBilibiliXml('main', T0 + 1000, [...events, withMarkup]);
    const ds = [...xml.matchAll(/<d p="([^"]*)">([^<]*)<\/d>/g)];
    assert.equal(ds.length, tricky.length + 1, 'danmaku only, no gifts');
    const [time, mode, size, color, stamp, pool, user, id] = ds.at(-1)![1]!.split(',');
    assert.deepEqual([time, mode, size, color, stamp, pool, user, id], ['1.500', '4', '25', String(0xff0000), String(Math.floor((T0 + 2500) / 1000)), '0', 'v_x', '40']);
    assert.equal(ds.at(-1)![2], '&lt;b&gt;&amp;&quot;&apos;', 'escaped, control character dropped');
    assert.equal(ds[0]![1]!.split(',')[0], '0.000', 'a danmaku before the recording started is clamped to 0');
    assert.match(xml, /表情 😀👍🏽 emoji/);
  });
});

describe('search highlights', () => {
  it('marks every match, ignoring Latin letter case', () => {
    assert.deepEqual(highlightRanges('Hello hello 哈哈哈', 'HELLO'), [[0, 5], [6, 11]]);
    assert.deepEqual(highlightRanges('哈哈哈', '哈哈'), [[0, 2]]);
    assert.deepEqual(highlightRanges('😀主播😀主播', '主播'), [[2, 4], [6, 8]]);
    assert.deepEqual(splitHighlights('a主播b', [[1, 3]]), [{ text: 'a', hit: false }, { text: '主播', hit: true }, { text: 'b', hit: false }]);
  });
});
