/** Linux capture: x11grab (X11 displays), v4l2 (cameras), PulseAudio or ALSA (audio). */
import type { AudioSource } from '../../../common/scene';
import type { AudioDevice } from '../device-types';
import type { PlatformCapture } from './capture';
import type { CaptureResult, InputSpec } from './types';
import { LIVE_QUEUE, VIDEO_QUEUE, genericAudio, genericVideo, missingAudio, missingCamera, missingDisplay, pickAudio, unsupported, pickCamera, pickDisplay } from './capture';

export const linuxCapture: PlatformCapture = {
  video(source, ctx) {
    const generic = genericVideo(source, ctx);
    if (generic) return generic;
    switch (source.kind) {
      case 'display': {
        const d = pickDisplay(ctx.inventory, source.device);
        if (d === null) return missingDisplay(source.device);
        // Display ids are "DISPLAY[/OUTPUT]" (e.g. ":0.0/HDMI-1"); x11grab takes "DISPLAY+x,y".
        const display = (d?.id ?? source.device ?? ':0.0').split('/')[0] ?? ':0.0';
        const r = source.region;
        const x = (d?.x ?? 0) + (r?.x ?? 0);
        const y = (d?.y ?? 0) + (r?.y ?? 0);
        const size = r ? `${r.width}x${r.height}` : d?.width && d.height ? `${d.width}x${d.height}` : undefined;
        return {
          input: {
            args: [
              ...VIDEO_QUEUE, '-f', 'x11grab', '-framerate', String(ctx.fps),
              ...(size ? ['-video_size', size] : []),
              '-draw_mouse', source.showCursor ? '1' : '0',
              '-i', x || y ? `${display}+${x},${y}` : display,
            ],
          },
        };
      }
      case 'window':
        return unsupported('window-unsupported', `Window capture ("${source.title}") is not available on Linux: capture the display or a region of it instead.`, { title: source.title, os: 'Linux' });
      case 'camera': {
        const c = pickCamera(ctx.inventory, source.device);
        if (c === null) return missingCamera(source.device);
        return {
          input: {
            args: [
              ...VIDEO_QUEUE, '-f', 'v4l2',
              ...(source.fps ? ['-framerate', String(source.fps)] : []),
              ...(source.width && source.height ? ['-video_size', `${source.width}x${source.height}`] : []),
              '-i', c?.id ?? source.device ?? '/dev/video0',
            ],
          },
        };
      }
      default:
        return unsupported('source-unsupported', `The ${source.kind} source cannot be captured on Linux.`, { kind: source.kind, os: 'Linux' });
    }
  },
  audio(source, ctx) {
    const generic = genericAudio(source);
    if (generic) return generic;
    const backend = ctx.inventory?.audioBackend ?? 'pulse';
    const dev = pickAudio(ctx.inventory, source);
    if (dev === null) return missingAudio(source);
    // PulseAudio (and PipeWire's pulse server) names the default sink's monitor @DEFAULT_MONITOR@.
    const pulseName = dev?.id ?? source.device ?? (source.kind === 'desktop' ? '@DEFAULT_MONITOR@' : '@DEFAULT_SOURCE@');
    if (backend === 'pulse') return { input: { args: [...LIVE_QUEUE, '-f', 'pulse', '-i', pulseName] } };
    if (backend === 'parec') return { input: parecInput(pulseName, source.name || source.id) };
    return alsaInput(source, dev);
  },
  defaultFont: () => 'font=Sans',
};

/** The sample format parec writes and the raw-PCM input reads: 48 kHz, 16-bit, stereo. */
const PCM = ['-f', 's16le', '-ar', '48000', '-ac', '2'];

/**
 * The bundled ffmpeg has no PulseAudio input: `parec` records the source (20 ms latency asked, so
 * the pipe never holds more than a few blocks) and writes raw PCM to a named pipe ffmpeg reads.
 */
function parecInput(device: string, name: string): InputSpec {
  return {
    args: [...LIVE_QUEUE, ...PCM, '-i', 'feed'],
    feed: {
      command: 'parec',
      args: [`--device=${device}`, '--format=s16le', '--rate=48000', '--channels=2', '--raw', '--latency-msec=20', '--client-name=Danmu Studio', `--stream-name=${name}`],
    },
  };
}

function alsaInput(source: AudioSource, dev: AudioDevice | undefined): CaptureResult {
  if (source.kind === 'desktop' && !dev?.loopback) {
    return unsupported('desktop-audio-unsupported', 'Desktop audio needs PulseAudio or PipeWire (ALSA has no monitor of what plays): it is left out.', { os: 'Linux' });
  }
  return { input: { args: [...LIVE_QUEUE, '-f', 'alsa', '-i', dev?.id ?? source.device ?? 'default'] } };
}
