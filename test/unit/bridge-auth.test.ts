import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { memoryLogger } from '../../media/log';
import { startBridge, type Bridge } from '../../main/bridge/server';
import { openSettingsStore } from '../../main/settings/store';
import { StudioCore } from '../../main/studio/core';
import { openScenesStore } from '../../main/studio/scenes-store';
import { fakeRelayParts } from '../helpers/studio-fakes';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { FfmpegNotFoundError } from '../../media/ffmpeg/locate';

/**
 * A real StudioCore (settings and scenes on disk) that is not started: the bridge's job is auth and
 * transport, which needs no relay.
 */
async function setup(t: { after(fn: () => unknown): void }): Promise<{ bridge: Bridge; core: StudioCore; web: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bridge-auth-'));
  const web = path.join(dir, 'web');
  mkdirSync(path.join(web, 'studio'), { recursive: true });
  writeFileSync(path.join(web, 'studio', 'index.html'), '<!doctype html><title>Studio</title>');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the web root');
  const processes = new ProcessRegistry();
  const settings = openSettingsStore(path.join(dir, 'settings.json'));
  const core = new StudioCore({
    log: memoryLogger(), settings, scenes: openScenesStore(path.join(dir, 'scenes.json')),
    ...fakeRelayParts(settings, undefined, new FfmpegNotFoundError('ffmpeg', [])),
  });
  const bridge = await startBridge({ api: core, webRoot: web, log: memoryLogger(), relayOrigins: () => ['http://127.0.0.1:8000'] });
  t.after(async () => {
    await bridge.close();
    processes.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  return { bridge, core, web };
}

interface RawResponse { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** node:http so that the Host header can be forged (fetch does not allow it). */
function raw(port: number, p: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: p, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const json = { 'content-type': 'application/json' };

test('no token or a wrong token: 401 with a JSON reason, for pages and calls alike', async (t) => {
  const { bridge } = await setup(t);
  for (const [p, method, headers] of [
    ['/studio/', 'GET', {}],
    ['/api/call/getSnapshot', 'POST', json],
    ['/api/call/getSnapshot', 'POST', { ...json, 'x-studio-token': 'wrong' }],
    ['/studio/', 'GET', { cookie: 'danmu_studio_token=wrong' }],
    ['/?token=wrong', 'GET', {}],
  ] as const) {
    const res = await raw(bridge.port, p, { method, headers: { ...headers }, body: method === 'POST' ? '{}' : undefined });
    assert.equal(res.status, 401, `${method} ${p}`);
    const body = JSON.parse(res.body) as { ok: boolean; error: { message: string } };
    assert.equal(body.ok, false);
    assert.match(body.error.message, /access token/);
  }
});

test('the right token in the URL becomes an HttpOnly cookie, leaves the URL, and opens the studio page with a CSP', async (t) => {
  const { bridge } = await setup(t);
  const first = await raw(bridge.port, `/?token=${bridge.token}`);
  assert.equal(first.status, 302);
  assert.equal(first.headers.location, '/studio/');
  const cookie = String(first.headers['set-cookie']).split(';')[0]!;
  assert.match(String(first.headers['set-cookie']), /HttpOnly; SameSite=Strict/);
  const page = await raw(bridge.port, '/studio/', { headers: { cookie } });
  assert.equal(page.status, 200);
  assert.match(page.body, /<title>Studio<\/title>/);
  const csp = String(page.headers['content-security-policy']);
  assert.match(csp, /script-src 'self';/);
  assert.match(csp, /media-src 'self' blob: http:\/\/127\.0\.0\.1:8000/);
  const traversal = await raw(bridge.port, '/..%2fsecret.txt', { headers: { cookie } });
  assert.equal(traversal.status, 404, 'nothing outside the web root is served');
});

test('with the token, calls work and bad input gets a clear 400 that changes nothing', async (t) => {
  const { bridge, core } = await setup(t);
  const headers = { ...json, 'x-studio-token': bridge.token };
  const snap = await raw(bridge.port, '/api/call/getSnapshot', { method: 'POST', headers, body: '{}' });
  assert.equal(snap.status, 200);
  const body = JSON.parse(snap.body) as { ok: true; value: { settings: { room: { id: string } }; relay: { status: string; error: string } } };
  assert.equal(body.value.settings.room.id, 'studio');

  const bad = await raw(bridge.port, '/api/call/updateSettings', { method: 'POST', headers, body: JSON.stringify({ arg: { relay: { rtmpPort: 'x' } } }) });
  assert.equal(bad.status, 400);
  assert.match(JSON.parse(bad.body).error.message, /relay\.rtmpPort/);
  const ok = await raw(bridge.port, '/api/call/updateSettings', { method: 'POST', headers, body: JSON.stringify({ arg: { room: { title: 'Tonight' } } }) });
  assert.equal(ok.status, 200);
  assert.equal((await core.getSnapshot()).settings.room.title, 'Tonight');
  assert.equal((await core.getSnapshot()).settings.relay.rtmpPort, 1935, 'the refused patch changed nothing');

  const notJson = await raw(bridge.port, '/api/call/getSnapshot', { method: 'POST', headers, body: '{oops' });
  assert.equal(notJson.status, 400);
  const form = await raw(bridge.port, '/api/call/goLive', { method: 'POST', headers: { 'x-studio-token': bridge.token, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
  assert.equal(form.status, 415, 'form posts (CSRF) are refused');
  const unknown = await raw(bridge.port, '/api/call/rm-rf', { method: 'POST', headers, body: '{}' });
  assert.equal(unknown.status, 404);
  const forbidden = await raw(bridge.port, '/api/call/openExternal', { method: 'POST', headers, body: JSON.stringify({ arg: 'https://evil.example/' }) });
  assert.equal(forbidden.status, 403, 'only the studio\'s own links can be opened');
});

test('a wrong Host header (DNS rebinding) or a foreign Origin is refused even with the token', async (t) => {
  const { bridge } = await setup(t);
  const rebinding = await raw(bridge.port, '/api/call/getSnapshot', { method: 'POST', headers: { ...json, 'x-studio-token': bridge.token, host: `evil.example:${bridge.port}` }, body: '{}' });
  assert.equal(rebinding.status, 403);
  assert.match(JSON.parse(rebinding.body).error.message, /not this studio/);
  const origin = await raw(bridge.port, '/api/call/getSnapshot', { method: 'POST', headers: { ...json, 'x-studio-token': bridge.token, origin: 'http://evil.example' }, body: '{}' });
  assert.equal(origin.status, 403);
  const localhost = await raw(bridge.port, '/api/call/getSnapshot', { method: 'POST', headers: { ...json, 'x-studio-token': bridge.token, host: `localhost:${bridge.port}` }, body: '{}' });
  assert.equal(localhost.status, 200);
});

test('the event stream needs the token too, and delivers studio events', async (t) => {
  const { bridge, core } = await setup(t);
  const url = `http://127.0.0.1:${bridge.port}/studio`;
  const intruder = io(url, { transports: ['websocket'], reconnection: false });
  const refused = await new Promise<boolean>((resolve) => {
    intruder.once('connect', () => resolve(false));
    intruder.once('connect_error', () => resolve(true));
  });
  intruder.close();
  assert.ok(refused, 'no token, no events');

  const client = io(url, { transports: ['websocket'], reconnection: false, extraHeaders: { 'x-studio-token': bridge.token } });
  t.after(() => client.close());
  await new Promise<void>((resolve, reject) => { client.once('connect', resolve); client.once('connect_error', reject); });
  const got = new Promise<{ type: string; settings?: { room: { title: string } } }>((resolve) => client.on('event', (e) => { if (e.type === 'settings.changed') resolve(e); }));
  await core.updateSettings({ room: { title: 'Live now' } });
  assert.equal((await got).settings?.room.title, 'Live now');
});

test('a call body over 1 MB is refused with 413 and a reason the sender receives; the bridge keeps answering', async (t) => {
  const { bridge } = await setup(t);
  const headers = { ...json, 'x-studio-token': bridge.token };
  // Sent whole (as curl or fetch do): before the fix the socket was destroyed mid-upload, so the
  // sender saw a reset connection instead of the 413 the handler had written.
  // With a Content-Length (refused before reading) and chunked (refused once 1 MB has arrived).
  for (const [size, extra] of [[2 * 1024 * 1024, {}], [8 * 1024 * 1024, {}], [2 * 1024 * 1024, { 'transfer-encoding': 'chunked' }]] as const) {
    const res = await raw(bridge.port, '/api/call/getSnapshot', { method: 'POST', headers: { ...headers, ...extra }, body: `{"arg":"${'a'.repeat(size)}"}` });
    assert.equal(res.status, 413, `${size} bytes ${JSON.stringify(extra)}`);
    const body = JSON.parse(res.body) as { ok: boolean; error: { code: string; message: string } };
    assert.equal(body.ok, false);
    assert.match(body.error.message, /larger than 1 MB/);
  }
  const ok = await raw(bridge.port, '/api/call/getSnapshot', { method: 'POST', headers, body: '{}' });
  assert.equal(ok.status, 200);
});
