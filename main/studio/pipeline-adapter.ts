/**
 * Adapts the pipeline service (main/pipeline/service.ts) to the core's PipelinePort: every go-live
 * hands it the current saved settings and scenes (they may have changed since the last broadcast),
 * and its validation errors become StudioErrors listing every problem.
 */
import { StudioError, type Devices } from '../../common/studio-api';
import { PipelineValidationError, type PipelineService } from '../pipeline/service';
import type { PipelineContext, PipelinePort } from './ports';

async function studioErrors<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof PipelineValidationError) throw new StudioError('invalid', err.message, err.problems, { code: 'pipeline-invalid', params: { problems: err.problems.join('; ') } });
    if (err instanceof StudioError) throw err;
    throw new StudioError('internal', `Could not ${what}: ${(err as Error).message}`, [], { code: 'pipeline-failed', params: { reason: (err as Error).message } });
  }
}

export function pipelinePort(service: PipelineService, ctx: PipelineContext): PipelinePort {
  const on = <K extends 'stats' | 'state' | 'error'>(name: K) => (l: (...a: never[]) => void) => {
    service.on(name, l as never);
    return () => { service.off(name, l as never); };
  };
  return {
    goLive: () => studioErrors('go live', () => service.goLive({ settings: ctx.settings(), scenes: ctx.scenes() })),
    stop: () => studioErrors('stop', () => service.stop()),
    switchScene: (sceneId) => studioErrors('switch scenes', async () => {
      // The scene may have been edited since going live, the transition changed: switch with what is saved now.
      service.configure({ scenes: ctx.scenes(), settings: ctx.settings() });
      return service.switchScene(sceneId);
    }),
    state: () => service.state(),
    lastStats: () => service.lastStats(),
    encoders: () => service.encoders(ctx.settings().ffmpegPath),
    onStats: on('stats'),
    onState: on('state'),
    onError: on('error'),
    setAudioMix: (scene) => { service.setAudioMix(scene); },
    dispose: () => service.dispose(),
  };
}

export async function listDevicesVia(service: PipelineService): Promise<Devices> {
  const inv = await service.devices();
  const platform = process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux';
  if (!inv) return { platform, displays: [], cameras: [], audio: [], warnings: ['Device listing is switched off.'] };
  return { platform: inv.platform, displays: inv.displays, cameras: inv.cameras, audio: inv.audio, warnings: inv.warnings };
}
