/** Builds the meter service from the studio's real parts (used by the composition root). */
import type { SceneCollection } from '../../common/scene';
import type { ProcessRegistry } from '../../media/ffmpeg/processes';
import type { Logger } from '../../media/log';
import type { DeviceInventory, Platform } from '../../media/studio/device-types';
import type { PipelineService } from '../pipeline/service';
import type { MetersPort } from '../studio/ports';
import { MeterService } from './meter-service';

export interface MeterWiring {
  processes: ProcessRegistry;
  log: Logger;
  platform: Platform;
  pipeline: PipelineService;
  scenes(): SceneCollection;
  /** The ffmpeg this run uses (null until located). */
  ffmpegPath(): string | null;
  devices(): Promise<DeviceInventory | null>;
}

export function createMeterService(w: MeterWiring): MeterService {
  return new MeterService({
    processes: w.processes,
    log: w.log,
    platform: w.platform,
    ffmpegPath: w.ffmpegPath,
    devices: w.devices,
    scenes: w.scenes,
    program: () => {
      const live = w.pipeline.liveLevels();
      return live ? { ...live, notes: w.pipeline.state().notes } : null;
    },
  });
}

export function meterPort(service: MeterService): MetersPort {
  return {
    watch: (req) => service.watch(req),
    onLevels: (l) => {
      service.on('levels', l);
      return () => { service.off('levels', l); };
    },
  };
}
