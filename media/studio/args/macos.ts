/** macOS capture: AVFoundation for screens, cameras and microphones (by index "N" as listed). */
import type { PlatformCapture } from './capture';
import { LIVE_QUEUE, VIDEO_QUEUE, genericAudio, genericVideo, missingAudio, missingCamera, missingDisplay, pickAudio, unsupported, pickCamera, pickDisplay } from './capture';

export const macosCapture: PlatformCapture = {
  video(source, ctx) {
    const generic = genericVideo(source, ctx);
    if (generic) return generic;
    switch (source.kind) {
      case 'display': {
        const d = pickDisplay(ctx.inventory, source.device);
        if (d === null) return missingDisplay(source.device);
        const r = source.region;
        return {
          input: {
            args: [
              ...VIDEO_QUEUE, '-f', 'avfoundation', '-framerate', String(ctx.fps),
              '-capture_cursor', source.showCursor ? '1' : '0', '-pixel_format', 'uyvy422',
              '-i', `${d?.id ?? source.device ?? '1'}:none`,
            ],
          },
          // AVFoundation has no region option: crop after capture.
          preFilters: r ? [`crop=${r.width}:${r.height}:${r.x}:${r.y}`] : [],
        };
      }
      case 'window':
        return unsupported('window-unsupported', `Window capture ("${source.title}") is not available on macOS with ffmpeg: capture the display or a region of it instead.`, { title: source.title, os: 'macOS' });
      case 'camera': {
        const c = pickCamera(ctx.inventory, source.device);
        if (c === null) return missingCamera(source.device);
        return {
          input: {
            args: [
              ...VIDEO_QUEUE, '-f', 'avfoundation',
              // Most Mac cameras refuse to open unless the rate matches one of their modes exactly.
              '-framerate', String(source.fps ?? 30),
              ...(source.width && source.height ? ['-video_size', `${source.width}x${source.height}`] : []),
              '-i', `${c?.id ?? source.device ?? '0'}:none`,
            ],
          },
        };
      }
      default:
        return unsupported('source-unsupported', `The ${source.kind} source cannot be captured on macOS.`, { kind: source.kind, os: 'macOS' });
    }
  },
  audio(source, ctx) {
    const generic = genericAudio(source);
    if (generic) return generic;
    const dev = pickAudio(ctx.inventory, source);
    if (dev === null) {
      if (source.kind === 'desktop') return unsupported('desktop-audio-unsupported', 'Desktop audio on macOS needs a loopback driver such as BlackHole: it is left out.', { os: 'macOS' });
      return missingAudio(source);
    }
    return { input: { args: [...LIVE_QUEUE, '-f', 'avfoundation', '-i', `none:${dev?.id ?? source.device ?? '0'}`] } };
  },
  defaultFont: () => 'fontfile=/System/Library/Fonts/Helvetica.ttc',
};
