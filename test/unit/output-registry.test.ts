/**
 * The output registry (common/outputs/): each kind is one descriptor, and everything else (settings
 * validation, the destination form, redaction, what the forwarder runs) is derived from it. Golden
 * per platform: what each sample destination publishes to, shows, hides, and the forwarder's ffmpeg
 * arguments when the server is reached by name and by address.
 * After an intended change: UPDATE_GOLDEN=1 node --import tsx --test test/unit/output-registry.test.ts, then review the diff.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultPipelineSettings, PipelineSettingsSchema } from '../../common/pipeline';
import {
  DestinationSchema, OUTPUT_KINDS, destinationDisplayUrl, destinationPublishUrl, destinationSecrets, outputKind, outputKindForUrl, redactSecrets, type Destination,
} from '../../common/outputs/registry';
import { forwarderArgs, probeSeconds } from '../../media/studio/forwarder';
import { plannedOutputs } from '../../media/studio/output-plan';
import { hasMessage, translate, type MessageKey } from '../../renderer/shared/i18n';
import { destinationFromForm, formComplete, urlLooksWrong } from '../../renderer/studio/logic/destination-form';

const GOLDEN = path.join(__dirname, '..', 'golden');

function golden(name: string, actual: unknown): void {
  const file = path.join(GOLDEN, `${name}.json`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')), `${name} changed: review, then UPDATE_GOLDEN=1 to accept`);
}

const parse = (d: unknown) => DestinationSchema.parse(d);

/** Destinations as streamers paste them: server + key, a URL that holds its own key, RTMPS, IPv6. */
const SAMPLES: Destination[] = [
  parse({ id: 'twitch', name: 'Twitch', url: 'rtmp://live.twitch.tv/app', key: 'live_123456_AbCdEfGh' }),
  parse({ id: 'bili', name: 'Bilibili', kind: 'rtmp', url: 'rtmp://live-push.bilivideo.com/live-bvc/?streamname=live_42_7&key=9f8e7d6c5b&schedule=rtmp', key: '' }),
  parse({ id: 'yt', name: 'YouTube', url: 'rtmps://a.rtmp.youtube.com/live2/', key: 'abcd-efgh-ijkl-mnop' }),
  parse({ id: 'lan', name: 'LAN box', url: 'rtmp://[fd00::7]:1936/live/room?token=t0k3n', key: '' }),
];

for (const platform of ['linux', 'win32', 'darwin'] as const) {
  test(`golden: the output registry on ${platform} (kinds, forms, what each destination publishes, shows and runs)`, () => {
    const kinds = OUTPUT_KINDS.map((k) => ({ id: k.id, label: k.label, protocols: k.protocols, fields: k.fields }));
    const destinations = SAMPLES.map((d) => {
      const kind = outputKind(d.kind)!;
      const url = destinationPublishUrl(d);
      const target = kind.target(url);
      return {
        id: d.id, kind: d.kind, publishUrl: url, displayUrl: destinationDisplayUrl(d), secrets: destinationSecrets(d), target,
        forwarderByName: forwarderArgs('udp://127.0.0.1:40001', kind.ffmpegOutput(url, null), probeSeconds(0)),
        forwarderByAddress: forwarderArgs('udp://127.0.0.1:40001', kind.ffmpegOutput(url, '203.0.113.9'), probeSeconds(1, 2)),
      };
    });
    golden(`outputs-${platform}`, { platform, kinds, destinations });
  });
}

test('every secret is hidden in what is shown, and the publish URL still carries it', () => {
  for (const d of SAMPLES) {
    const secrets = destinationSecrets(d);
    assert.ok(secrets.length > 0, `${d.id} has a secret`);
    for (const s of secrets) {
      assert.ok(destinationPublishUrl(d).includes(s), `${d.id}: ffmpeg gets ${s}`);
      assert.ok(!destinationDisplayUrl(d).includes(s), `${d.id}: the display URL hides ${s}`);
    }
  }
  // An ffmpeg line naming the URL (what it prints when the server hangs up) is cleaned too.
  const twitch = SAMPLES[0]!;
  const line = `${destinationPublishUrl(twitch)}: Connection timed out`;
  assert.equal(redactSecrets(line, destinationSecrets(twitch)), 'rtmp://live.twitch.tv/app/***: Connection timed out');
  // A full URL pasted with the key as its stream name (no separate key): the outputs list showed the key.
  for (const url of ['rtmp://live.twitch.tv/app/live_123456_AbCdEfGh', 'rtmps://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop/']) {
    const pasted = parse({ id: 'pasted', name: 'Pasted', url, key: '' });
    const key = /\/([^/]+)\/?$/.exec(url)![1]!;
    assert.ok(destinationPublishUrl(pasted).includes(key), 'ffmpeg still gets the key');
    assert.ok(!destinationDisplayUrl(pasted).includes(key), `the display URL hides the stream key: ${destinationDisplayUrl(pasted)}`);
    assert.equal(redactSecrets(`${url}: Connection refused`, destinationSecrets(pasted)).includes(key), false, 'and so do error lines');
  }
  // A short stream name is not a key: a self-hosted relay's room stays readable.
  assert.equal(destinationDisplayUrl(parse({ id: 'own', name: 'Own relay', url: 'rtmp://10.0.0.2/live/room', key: '' })), 'rtmp://10.0.0.2/live/room');
  // A key that contains another secret is hidden whole; encoded forms too.
  assert.equal(redactSecrets('a/abc123/b?k=abc', ['abc', 'abc123']), 'a/***/b?k=***');
  assert.equal(redactSecrets('key=a%2Bb', ['a+b']), 'key=***');
});

test('a key in a query parameter of any name is hidden: the name stays, the value is masked', () => {
  // Seen: ?wsSecret=… (Wangsu/Huya), ?auth=… and ?txSecret=… (Tencent), ?sign=… were shown in full.
  const cases: [string, string][] = [
    ['rtmp://push.example.com/live/room1?wsSecret=0a1b2c3d4e5f&wsTime=65a0b1c2', 'rtmp://push.example.com/live/room1?wsSecret=***&wsTime=***'],
    ['rtmp://push.example.com/live/room1?auth=1700000000-0-0-abcdef', 'rtmp://push.example.com/live/room1?auth=***'],
    ['rtmp://push.example.com/live/room1?key=k1', 'rtmp://push.example.com/live/room1?key=***'],
    ['rtmp://push.example.com/live/room1?token=t0k3n&x=', 'rtmp://push.example.com/live/room1?token=***&x='],
    ['rtmps://push.example.com:443/live/room1?sign=s1gn4tur3&vhost=a', 'rtmps://push.example.com:443/live/room1?sign=***&vhost=***'],
    ['rtmp://push.example.com/live/room1?txSecret=9f8e7d&txTime=5F1A2B3C', 'rtmp://push.example.com/live/room1?txSecret=***&txTime=***'],
  ];
  for (const [url, shown] of cases) {
    const d = parse({ id: 'q', name: 'Query key', url, key: '' });
    assert.equal(destinationDisplayUrl(d), shown, url);
    // What ffmpeg prints when the server hangs up names the full URL: the log line is cleaned too.
    const line = redactSecrets(`${destinationPublishUrl(d)}: Input/output error`, destinationSecrets(d));
    assert.equal(line, `${shown}: Input/output error`);
    // The secret values alone (ffmpeg's "Server error: … 0a1b2c3d4e5f") are matched too.
    for (const s of destinationSecrets(d)) assert.ok(!redactSecrets(`publish refused for ${s}`, destinationSecrets(d)).includes(s), s);
  }
  // A key pasted as the stream name plus a query key: the last path segment as before, the query masked;
  // `vhost=<the host>` is masked in the query but the host itself stays readable.
  const both = parse({ id: 'b', name: 'Both', url: 'rtmp://push.example.com/live/live_1_abcdef123?vhost=push.example.com&wsSecret=abcdef12', key: '' });
  assert.equal(destinationDisplayUrl(both), 'rtmp://push.example.com/live/***?vhost=***&wsSecret=***');
  // A short plain value is not split out of free text (that would mangle "rtmp://" into "***://").
  const short = parse({ id: 's', name: 'Short', url: 'rtmp://a.example.com/live/room?schedule=rtmp', key: '' });
  assert.equal(redactSecrets('rtmp connect failed', destinationSecrets(short)), 'rtmp connect failed');
});

test('the relay and enabled destinations become outputs with their secrets; disabled ones do not', () => {
  const settings = PipelineSettingsSchema.parse({
    ...defaultPipelineSettings('rtmp://127.0.0.1:1935/live/studio?key=relaykey42'),
    destinations: [{ ...SAMPLES[0]! }, { ...SAMPLES[2]!, enabled: false }],
  });
  const outs = plannedOutputs(settings, { relay: 2000, destination: 8000 });
  assert.deepEqual(outs.map((o) => [o.id, o.display, o.cap]), [
    ['relay', 'rtmp://127.0.0.1:1935/live/studio?key=***', 2000],
    ['twitch', 'rtmp://live.twitch.tv/app/***', 8000],
  ]);
  assert.deepEqual(outs[0]!.secrets, ['relaykey42']);
});

test('settings: a destination saved before kinds existed is RTMP; an unknown kind or a bad URL is refused with the reason', () => {
  assert.equal(parse({ id: 'a', name: 'A', url: 'rtmp://h/app', key: 'k' }).kind, 'rtmp');
  const unknown = DestinationSchema.safeParse({ id: 'a', name: 'A', kind: 'carrier-pigeon', url: 'rtmp://h/app' });
  assert.equal(unknown.success, false);
  const badPort = DestinationSchema.safeParse({ id: 'a', name: 'A', url: 'rtmp://h:99999/app' });
  assert.equal(badPort.success, false);
  assert.match(JSON.stringify(badPort.error?.issues), /port outside 1-65535/);
  const spaced = DestinationSchema.safeParse({ id: 'a', name: 'A', url: 'rtmp://h/app', key: 'a b' });
  assert.match(JSON.stringify(spaced.error?.issues), /must not contain spaces/);
});

test('each kind is found by its schemes, and its form labels exist in both languages', () => {
  for (const k of OUTPUT_KINDS) {
    for (const p of k.protocols) assert.equal(outputKindForUrl(`${p.toUpperCase()}://host/app`)?.id, k.id);
    for (const key of [k.label, ...k.fields.flatMap((f) => [f.label, ...(f.hint ? [f.hint] : [])])]) {
      assert.ok(hasMessage(key), `catalog key ${key}`);
      for (const lang of ['en', 'zh-CN'] as const) assert.doesNotMatch(translate(lang, key as MessageKey, { protocols: 'rtmp://' }), /\{\w+\}/, `${lang} ${key}`);
    }
  }
  assert.equal(outputKindForUrl('srt://host:9000'), null, 'no kind yet for SRT');
});

test('the destination form: built from the descriptor, checked as typed, and what it makes is valid settings', () => {
  const rtmp = outputKind('rtmp')!;
  const url = rtmp.fields.find((f) => f.input === 'url')!;
  assert.equal(urlLooksWrong(rtmp, url, 'live-push.bilivideo.com/live-bvc'), true);
  assert.equal(urlLooksWrong(rtmp, url, 'RTMPS://a.rtmp.youtube.com/live2'), false);
  assert.match(translate('zh-CN', url.hint as MessageKey, { protocols: 'rtmp://, rtmps://' }), /rtmp:\/\/, rtmps:\/\//);
  assert.equal(formComplete(rtmp, { key: 'k' }), false, 'the server URL is required');
  const made = destinationFromForm(rtmp, '', { url: ' rtmp://live.twitch.tv/app ', key: 'live_1' }, [SAMPLES[0]!]);
  assert.equal(made.name, 'live.twitch.tv', 'named after the server when no name is given');
  assert.notEqual(made.id, 'twitch');
  assert.deepEqual(parse(made), made, 'the core accepts what the form makes');
});
