/**
 * The trial-encode probe on this machine's ffmpeg, and what it means for validation: x264 is always
 * offered; a hardware encoder that failed its trial (or that this ffmpeg lacks) is refused both when
 * saved in the settings and when going live, with a message saying which encoder and what to do.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultPipelineSettings, type EncoderOption } from '../../common/pipeline';
import { testPatternScene } from '../../common/scene';
import { StudioError } from '../../common/studio-api';
import { locateFfmpeg } from '../../media/ffmpeg/locate';
import { ProcessRegistry } from '../../media/ffmpeg/processes';
import { memoryLogger } from '../../media/log';
import { compose } from '../../main/composition';
import { PipelineService, PipelineValidationError } from '../../main/pipeline/service';
import { waitFor } from '../helpers/media';
import { encoderChoices } from '../../renderer/studio/components/settings/encoder-choices';

const processes = new ProcessRegistry();
const svc = new PipelineService({ processes, log: memoryLogger(), platform: 'linux', listDevices: async () => null });
after(async () => {
  await svc.dispose();
  await processes.stopAll();
  processes.dispose();
});

let probed: EncoderOption[] = [];

test('the probe lists libx264 as working here, every encoder once, hardware ones flagged', async () => {
  probed = await svc.encoders();
  assert.deepEqual(probed.map((e) => e.id).sort(), ['amf', 'nvenc', 'qsv', 'vaapi', 'videotoolbox', 'x264']);
  const x264 = probed.find((e) => e.id === 'x264');
  assert.deepEqual(x264, { id: 'x264', label: 'Software (x264)', working: true, hardware: false, reason: null });
  for (const e of probed.filter((x) => x.id !== 'x264')) {
    assert.equal(e.hardware, true, e.id);
    if (!e.working) assert.ok(e.reason && e.reason.length > 10, `${e.id} says why: ${e.reason}`);
  }
  assert.equal(await svc.encoders(), await svc.encoders(), 'cached: the same answer, no second trial');
});

test('going live with an encoder that failed its trial is refused with a clear message', async (t) => {
  const broken = probed.find((e) => !e.working);
  if (!broken) return t.skip('every encoder works on this machine');
  const base = defaultPipelineSettings('rtmp://127.0.0.1:1/live/x');
  const settings = { ...base, video: { ...base.video, encoder: broken.id } };
  const scene = testPatternScene('a', 'A');
  await assert.rejects(svc.goLive({ settings, scenes: { scenes: [scene], activeSceneId: 'a' } }), (err: unknown) => {
    assert.ok(err instanceof PipelineValidationError);
    assert.match(err.problems[0] ?? '', new RegExp(`The encoder ${broken.label.replace(/[()]/g, '\\$&')} does not work on this computer: .+x264`));
    return true;
  });
  assert.equal(svc.state().status, 'idle', 'nothing started');
});

test('the studio offers working encoders and refuses saving a broken one; the settings stay as they were', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'studio-encoders-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const { core, dispose } = await compose({ dataDir, host: '127.0.0.1', ports: { rtmp: 0, http: 0 }, log: memoryLogger() });
  t.after(dispose);
  const early = (await core.getSnapshot()).pipeline.encoders;
  assert.ok(early.find((e) => e.id === 'x264')?.working, 'x264 is offered before (and after) the probe answers');
  // The probe runs in the background from start(); the snapshot carries its answer once it is in.
  const list = await waitFor('the probe\'s answer in the snapshot', async () => {
    const l = (await core.getSnapshot()).pipeline.encoders;
    return l.every((e) => e.reason !== 'Not checked yet.') ? l : null;
  }, 30_000);
  assert.equal(encoderChoices(list, 'x264')[0]?.id, 'x264', 'the dialog lists x264 first');
  assert.ok(!encoderChoices(list, 'x264').some((e) => e.id === 'videotoolbox'), 'another OS\'s encoder is not offered');

  const broken = list.find((e) => !e.working && e.id !== 'videotoolbox' && e.id !== 'amf');
  if (!broken) return t.skip('every Linux encoder works on this machine');
  await assert.rejects(core.updateSettings({ output: { video: { encoder: broken.id } } }), (err: unknown) => {
    assert.ok(err instanceof StudioError);
    assert.equal(err.code, 'invalid');
    assert.match(err.issues[0] ?? '', /^output\.video\.encoder: The encoder .+ does not work on this computer/);
    return true;
  });
  assert.equal((await core.getSnapshot()).settings.output.video.encoder, 'x264');
  const ok = await core.updateSettings({ output: { video: { encoder: 'x264', bitrateKbps: 3000 } } });
  assert.equal(ok.output.video.bitrateKbps, 3000);
});

test('Settings reports what the trial encode found, not what a listing says', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ffmpeg-wrap-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const real = locateFfmpeg().path;
  // A listing cut short (a busy machine): "-encoders" prints nothing and fails; encoding works.
  const cutShort = path.join(dir, 'cut-short');
  writeFileSync(cutShort, `#!/bin/sh\nfor a in "$@"; do [ "$a" = "-encoders" ] && exit 1; done\nexec "${real}" "$@"\n`);
  // A build whose libx264 really fails: the trial says so, in words.
  const noX264 = path.join(dir, 'no-x264');
  writeFileSync(noX264, `#!/bin/sh\nfor a in "$@"; do [ "$a" = "libx264" ] && { echo "Unknown encoder 'libx264'" >&2; exit 1; }; done\nexec "${real}" "$@"\n`);
  chmodSync(cutShort, 0o755);
  chmodSync(noX264, 0o755);
  const fresh = new PipelineService({ processes, log: memoryLogger(), platform: 'linux', listDevices: async () => null });
  const a = (await fresh.encoders(cutShort)).find((e) => e.id === 'x264');
  assert.deepEqual([a?.working, a?.reason], [true, null], 'x264 encoded in its trial, so it works, whatever the listing said');
  const b = (await fresh.encoders(noX264)).find((e) => e.id === 'x264');
  assert.equal(b?.working, false);
  assert.match(b?.reason ?? '', /no libx264 encoder/);
});
