/** Linux capture: x11grab (X11 displays), v4l2 (cameras), PulseAudio or ALSA (audio). */
import type { PlatformCapture } from './capture';
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
    if (backend === 'pulse') {
      // PulseAudio (and PipeWire's pulse server) names the default sink's monitor @DEFAULT_MONITOR@.
      const fallback = source.kind === 'desktop' ? '@DEFAULT_MONITOR@' : 'default';
      return { input: { args: [...LIVE_QUEUE, '-f', 'pulse', '-i', dev?.id ?? source.device ?? fallback] } };
    }
    if (source.kind === 'desktop' && !dev?.loopback) {
      return unsupported('desktop-audio-unsupported', 'Desktop audio needs PulseAudio or PipeWire (ALSA has no monitor of what plays): it is left out.', { os: 'Linux' });
    }
    return { input: { args: [...LIVE_QUEUE, '-f', 'alsa', '-i', dev?.id ?? source.device ?? 'default'] } };
  },
  defaultFont: () => 'font=Sans',
};
