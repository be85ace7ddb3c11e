/**
 * scene + settings + platform (+ devices) -> one ffmpeg command that captures every source, composes
 * the canvas, mixes the audio (with level meters) and encodes H.264 + AAC 48 kHz. Pure: no I/O, so
 * the same scene gives the same arguments on every machine (golden tests in test/golden/).
 */
import type { PipelineSettings } from '../../../common/pipeline';
import type { Scene } from '../../../common/scene';
import { silence } from './capture';
import { CAPTURE, composeCanvas, composeOutgoing } from './canvas';
import { encoderGlobalArgs, encoderPixelFilters, videoEncoderArgs } from './encoder';
import { audioChain, meterTag } from './audio-chain';
import type { AudioFeed, AudioMeter, BuildOptions, DeviceInventory, EncoderSinks, FfmpegPlan, InputSpec, Platform } from './types';

/** The file descriptor the encoder writes its progress to when stdout carries the MPEG-TS program. */
export const PROGRESS_FD = 3;

/**
 * Fed inputs read named pipes in a folder the spawner creates (media/studio/audio-feeds.ts puts the
 * real path in place of this token): the helper writes the pipe, ffmpeg reads it. Not ffmpeg's
 * `pipe:<fd>`: any `pipe:` input switches off ffmpeg's stdin commands, and with them "q" (a clean
 * stop that finishes the recording) and the live fader/mute/noise-suppression commands; and not
 * /dev/fd/N of a Node pipe, which is a socket ffmpeg cannot open.
 */
export const FEED_DIR = '<feeds>';

/** A fade's picture starts this far into its encoder's output, its sound at the second figure (see the fade below). */
const FADE_HOLD_SEC = 0.5;
const FADE_AUDIO_HOLD_SEC = 0.25;

/** A fed input pointed at its named pipe, and the helper process that writes it (null: not fed). */
export function connectFeed(spec: InputSpec, index: number, sourceId: string): { spec: InputSpec; feed: AudioFeed | null } {
  if (!spec.feed) return { spec, feed: null };
  const fifo = `${FEED_DIR}/feed${index}.pcm`;
  const args = [...spec.args];
  args[args.lastIndexOf('-i') + 1] = fifo;
  return { spec: { args }, feed: { fifo, sourceId, command: spec.feed.command, args: [...spec.feed.args, fifo] } };
}

function outputArgs(settings: PipelineSettings, sinks: EncoderSinks | undefined): string[] {
  if (!sinks) {
    if (!settings.relayUrl) throw new Error('Nowhere to send the stream: set the relay URL or pass sinks.');
    return ['-f', 'flv', settings.relayUrl];
  }
  // MPEG-TS to the program bus (media/studio/program-bus.ts), which splices encoder generations into
  // the one stream the outputs and the recording see. Flushed per packet: the pipe adds no delay.
  // pes_payload_size 0: every audio frame is its own PES, so the muxer holds no audio back; what it held
  // would be lost at a cut (~0.2 s of silence with the default 2930 bytes).
  // omit_video_pes_length 0: a video PES carries its length, so the forwarder's demuxer passes a frame
  // on at its last byte; without it, it waits for the next frame's first packet (one frame interval,
  // 33 ms at 30 fps; measured ~30 ms at the relay by bench:latency).
  return ['-f', 'mpegts', '-pes_payload_size', '0', '-omit_video_pes_length', '0', '-flush_packets', '1', 'pipe:1'];
}

export function buildFfmpegArgs(
  scene: Scene,
  settings: PipelineSettings,
  platform: Platform,
  devices?: DeviceInventory,
  sinks?: EncoderSinks,
  options: BuildOptions = {},
): FfmpegPlan {
  const { fps } = settings.video;
  const composed = composeCanvas(scene, settings.video, platform, devices, options);
  const { inputs, planInputs, graph, canvas, texts, notes, addInput, leftOut } = composed;
  const capture = CAPTURE[platform];

  const pixels = encoderPixelFilters(settings.video.encoder);
  const fade = options.fadeFrom;
  if (fade) {
    // A fade: the outgoing scene, composed again here, lies over the new one and its alpha goes from
    // opaque to clear over the first frames; its inputs end soon after, and the overlay passes the
    // new scene through alone (eof_action=pass). This encoder goes on air at its first frame, so the
    // viewers see the whole fade; no second encoder is needed afterwards.
    const from = composeOutgoing(composed, fade.scene, { size: settings.video, platform, devices, options }, { base: 'fbase', seconds: fade.inputSeconds, prefix: 'fade:' });
    const frames = Math.max(1, Math.round((fade.durationMs / 1000) * fps));
    // The fade starts FADE_HOLD_SEC in: the program bus cuts this encoder in once its start-up backlog
    // has drained (media/studio/ts-splicer.ts), ~0.25-0.5 s in, and the viewers must see the whole fade.
    const hold = Math.round(FADE_HOLD_SEC * fps);
    graph.push(`[${canvas}]${texts.length ? texts.join(',') : 'null'}[vnext]`);
    graph.push(`[${from.canvas}]${[...from.texts, 'format=yuva420p', `fade=t=out:s=${hold}:n=${frames}:alpha=1`].join(',')}[vprev]`);
    graph.push(`[vnext][vprev]overlay=eof_action=pass${pixels.length ? `,${pixels.join(',')}` : ''}[vout]`);
  } else {
    graph.push(`[${canvas}]${[...texts, ...pixels].join(',')}[vout]`);
  }

  // Audio: each source resampled, noise-suppressed when asked, its fader applied, then metered
  // (post-fader): ./audio-chain.ts.
  const meters: AudioMeter[] = [];
  const feeds: AudioFeed[] = [];
  const mixed: string[] = [];
  const mixOut = fade ? 'amix' : 'aout';
  scene.audio.forEach((source) => {
    const out = leftOut(source.id, source.name || source.id);
    const result = out ? { missing: out } : capture.audio(source, { fps, inventory: devices, layerWidth: 0, layerHeight: 0 });
    if ('missing' in result) {
      notes.push({ layerId: source.id, ...result.missing });
      return;
    }
    const { spec, feed } = connectFeed(result.input, feeds.length, source.id);
    if (feed) feeds.push(feed);
    const index = addInput(spec, source.id, source.name || source.id);
    const tag = meterTag(meters.length);
    meters.push({ sourceId: source.id, tag });
    graph.push(...audioChain(`${index}:a`, source, tag, `a${mixed.length}`));
    mixed.push(`a${mixed.length}`);
  });
  if (mixed.length === 0) {
    // The stream always carries audio: players and platforms misbehave on video-only streams.
    notes.push(scene.audio.length
      ? { code: 'audio-silence', text: 'No audio source could be opened: the stream carries silence.' }
      : { code: 'audio-none', text: 'The scene has no audio source: the stream carries silence.' });
    const index = inputs.push(silence()) - 1;
    graph.push(`[${index}:a]anull[${mixOut}]`);
  } else if (mixed.length === 1) {
    graph.push(`[${mixed[0]}]anull[${mixOut}]`);
  } else {
    // amix divides every input by the input count; the volume after it undoes that so the
    // per-source volumes mean what they say.
    graph.push(`${mixed.map((m) => `[${m}]`).join('')}amix=inputs=${mixed.length}:duration=longest:dropout_transition=0,volume=${mixed.length}[${mixOut}]`);
  }
  if (fade) {
    // The new scene's sound fades in over the same time (the old scene's stops at the cut), from about
    // when the cut happens (earlier than the picture: less silence after the cut).
    graph.push(`[amix]afade=t=in:ss=${Math.round(FADE_AUDIO_HOLD_SEC * settings.audio.sampleRate)}:ns=${Math.round((fade.durationMs / 1000) * settings.audio.sampleRate)}[aout]`);
  }

  const { audio } = settings;
  const args = [
    '-hide_banner', '-nostats', '-y',
    ...encoderGlobalArgs(settings.video.encoder, platform),
    ...inputs.flatMap((i) => i.args),
    '-filter_complex', graph.join(';'),
    '-map', '[vout]', '-map', '[aout]',
    // Wall-clock timestamps with gaps where frames were skipped: vfr keeps the gaps (cfr would fill
    // them with duplicates, more work for an encoder that is already behind).
    '-vsync', 'vfr',
    ...videoEncoderArgs(settings.video),
    '-c:a', 'aac', '-b:a', `${audio.bitrateKbps}k`, '-ar', String(audio.sampleRate), '-ac', String(audio.channels),
    // Progress as key=value blocks (parsed by media/ffmpeg/progress.ts): on fd 3 when stdout carries the program.
    '-progress', sinks ? `pipe:${PROGRESS_FD}` : 'pipe:1',
    ...outputArgs(settings, sinks),
  ];
  return { args, notes, meters, inputs: planInputs, feeds };
}
