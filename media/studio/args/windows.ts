/** Windows capture: gdigrab (desktop, monitors as regions, windows by title), DirectShow (cameras, audio). */
import type { PlatformCapture } from './capture';
import { escapeFilterValue } from './escape';
import { LIVE_QUEUE, VIDEO_QUEUE, genericAudio, genericVideo, missingAudio, missingCamera, missingDisplay, pickAudio, unsupported, pickCamera, pickDisplay } from './capture';

/** DirectShow drops frames when its real-time buffer (3 MB by default) fills during start-up. */
const DSHOW = [...LIVE_QUEUE, '-f', 'dshow', '-rtbufsize', '256M'];
/** A camera's buffer is raw frames: 64 MB is ~16 1080p frames, enough for start-up, not seconds of delay. */
const DSHOW_VIDEO = [...VIDEO_QUEUE, '-f', 'dshow', '-rtbufsize', '64M'];

export const windowsCapture: PlatformCapture = {
  video(source, ctx) {
    const generic = genericVideo(source, ctx);
    if (generic) return generic;
    switch (source.kind) {
      case 'display': {
        const d = pickDisplay(ctx.inventory, source.device);
        if (d === null) return missingDisplay(source.device);
        // gdigrab grabs the whole virtual desktop; one monitor is a region at that monitor's offset.
        const r = source.region ?? (d && d.width && d.height && ctx.inventory && ctx.inventory.displays.length > 1
          ? { x: 0, y: 0, width: d.width, height: d.height } : undefined);
        const args = [...VIDEO_QUEUE, '-f', 'gdigrab', '-framerate', String(ctx.fps), '-draw_mouse', source.showCursor ? '1' : '0'];
        if (r) args.push('-offset_x', String((d?.x ?? 0) + r.x), '-offset_y', String((d?.y ?? 0) + r.y), '-video_size', `${r.width}x${r.height}`);
        return { input: { args: [...args, '-i', 'desktop'] } };
      }
      case 'window':
        return { input: { args: [...VIDEO_QUEUE, '-f', 'gdigrab', '-framerate', String(ctx.fps), '-i', `title=${source.title}`] } };
      case 'camera': {
        const c = pickCamera(ctx.inventory, source.device);
        if (c === null) return missingCamera(source.device);
        const name = c?.name ?? source.device;
        if (!name) return missingCamera(undefined);
        return {
          input: {
            args: [
              ...DSHOW_VIDEO,
              ...(source.width && source.height ? ['-video_size', `${source.width}x${source.height}`] : []),
              ...(source.fps ? ['-framerate', String(source.fps)] : []),
              '-i', `video=${name}`,
            ],
          },
        };
      }
      default:
        return unsupported('source-unsupported', `The ${source.kind} source cannot be captured on Windows.`, { kind: source.kind, os: 'Windows' });
    }
  },
  audio(source, ctx) {
    const generic = genericAudio(source);
    if (generic) return generic;
    const dev = pickAudio(ctx.inventory, source);
    if (dev === null) {
      if (source.kind === 'desktop') return unsupported('desktop-audio-unsupported', 'Desktop audio needs a loopback device ("Stereo Mix" or a virtual audio cable): it is left out.', { os: 'Windows' });
      return missingAudio(source);
    }
    const name = dev?.name ?? source.device;
    if (!name) return missingAudio(source);
    return { input: { args: [...DSHOW, '-i', `audio=${name}`] } };
  },
  defaultFont: () => `fontfile=${escapeFilterValue('C:/Windows/Fonts/arial.ttf')}`,
};
