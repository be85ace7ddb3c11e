/**
 * Folds the core's push events into the last snapshot, so the UI renders one consistent object.
 * Room events are not folded here: they go to the feed store (room-feed.ts), which batches them per
 * frame; folding 100 events/s into the snapshot would re-render the whole studio each time.
 */
import type { StudioEvent, StudioSnapshot } from '../../../common/studio-api';

export function applyStudioEvent(s: StudioSnapshot, e: StudioEvent): StudioSnapshot {
  switch (e.type) {
    case 'pipeline.stats':
      return { ...s, pipeline: { ...s.pipeline, stats: e.stats } };
    case 'pipeline.state':
      // a fresh broadcast starts with fresh stats; old numbers would read as the new stream's
      return {
        ...s,
        pipeline: {
          ...s.pipeline,
          state: e.state,
          stats: e.state.status === 'idle' || e.state.status === 'starting' ? null : s.pipeline.stats,
        },
      };
    case 'pipeline.error':
      return { ...s, pipeline: { ...s.pipeline, state: { ...s.pipeline.state, error: e.error } } };
    case 'pipeline.encoders':
      return { ...s, pipeline: { ...s.pipeline, encoders: e.encoders } };
    case 'room.state':
      return { ...s, room: e.room };
    case 'relay.state':
      return { ...s, relay: e.relay };
    case 'settings.changed':
      return { ...s, settings: e.settings };
    case 'scenes.changed':
      return { ...s, scenes: e.scenes, activeSceneId: e.activeSceneId };
    case 'notes.changed':
      return { ...s, notes: e.notes };
    case 'room.event':
    case 'room.staff': // the moderator console keeps its own state (renderer/shared/mod-console)
    case 'audio.levels': // ~10 a second: the mixer keeps them (use-audio-levels.ts), not the snapshot
      return s;
  }
}
