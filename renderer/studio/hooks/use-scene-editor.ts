/**
 * Scene editing state shared by the left column (scene and layer lists) and the canvas: which scene
 * is being edited (not necessarily the one on air), which layer is selected, and the edits, each
 * saved as a whole list through saveScenes (the core validates and persists it).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Rect, Scene, StudioApi, StudioEvent, StudioSnapshot } from '../../../common/studio-api';
import * as edit from '../logic/scene-edit';
import type { SourceChoice } from '../components/scenes/SourcePickerDialog';
import type { Actions } from './use-actions';
import { findMissingLayers } from './scene-missing';
import { staleTextLayers, withTextRasters } from '../logic/text-layers';

export interface SceneEditor {
  scenes: Scene[];
  editing: Scene | null;
  selectedLayerId: string | null;
  missingIds: ReadonlySet<string>;
  select: (sceneId: string) => void;
  selectLayer: (layerId: string | null) => void;
  switchTo: (sceneId: string) => void;
  addScene: (name: string) => void;
  renameScene: (id: string, name: string) => void;
  deleteScene: (id: string) => void;
  editScene: (fn: (s: Scene) => Scene) => void;
  commitRect: (layerId: string, rect: Rect) => void;
  updateText: (layerId: string, patch: edit.TextPatch) => void;
  addSource: (c: SourceChoice) => void;
  /** Resolves once the text rasters being drawn and saved are stored (Go Live waits for it). */
  settled: () => Promise<void>;
}

export function useSceneEditor(api: StudioApi, snapshot: StudioSnapshot, apply: (e: StudioEvent) => void, actions: Actions): SceneEditor {
  const scenes = snapshot.scenes;
  const [editingId, setEditingId] = useState<string | null>(null);
  const [selectedLayerId, selectLayer] = useState<string | null>(null);
  const editing = scenes.find((s) => s.id === editingId) ?? scenes.find((s) => s.id === snapshot.activeSceneId) ?? scenes[0] ?? null;

  const saveSeq = useRef(0);
  const pending = useRef<Promise<void>>(Promise.resolve());
  const output = snapshot.settings.output.video;
  const save = useCallback((next: Scene[]) => {
    // optimistic: the editor shows the edit at once; a refusal is reverted by the core's list
    apply({ type: 'scenes.changed', scenes: next, activeSceneId: snapshot.activeSceneId });
    const mine = ++saveSeq.current;
    // Text layers whose text or size changed are redrawn and stored first, so the stream shows them as the editor does.
    const upload = (png: string) => actions.run('saveTextImage', () => api.saveTextImage(png));
    const done = withTextRasters(next, output, upload).then((withRasters) => {
      if (mine !== saveSeq.current) return undefined; // a later edit supersedes this one
      return actions.run('saveScenes', () => api.saveScenes(withRasters));
    }).then((saved) => {
      // a later edit is already on screen: an older answer must not roll it back
      if (mine !== saveSeq.current) return;
      apply({ type: 'scenes.changed', scenes: saved ?? scenes, activeSceneId: snapshot.activeSceneId });
    });
    pending.current = done;
  }, [api, apply, actions, scenes, snapshot.activeSceneId, output]);

  // Text layers without a current raster (an older scenes.json, scenes built through the API, a
  // changed output size) are drawn as soon as the editor sees them, so the stream shows what the
  // editor shows instead of ffmpeg's drawtext (boxes for emoji). Each stale state is tried once: a
  // refused upload falls back to drawtext rather than retrying in a loop.
  const tried = useRef(new Set<string>());
  useEffect(() => {
    const fresh = staleTextLayers(scenes, output).filter((k) => !tried.current.has(k));
    if (fresh.length === 0) return;
    for (const k of fresh) tried.current.add(k);
    save(scenes);
  }, [scenes, output, save]);

  const editScene = useCallback((fn: (s: Scene) => Scene) => {
    if (editing) save(edit.updateScene(scenes, editing.id, fn));
  }, [editing, scenes, save]);

  const missingIds = useMemo(() => findMissingLayers(editing, snapshot.devices, snapshot.pipeline.state), [editing, snapshot.devices, snapshot.pipeline.state]);

  return {
    scenes,
    editing,
    selectedLayerId,
    missingIds,
    select: (id) => {
      setEditingId(id);
      selectLayer(null);
    },
    selectLayer,
    switchTo: (id) => void actions.run('switchScene', () => api.switchScene(id)),
    addScene: (name) => {
      const r = edit.addScene(scenes, name);
      save(r.scenes);
      setEditingId(r.id);
    },
    renameScene: (id, name) => save(edit.renameScene(scenes, id, name)),
    deleteScene: (id) => {
      save(edit.deleteScene(scenes, id));
      if (id === editingId) setEditingId(null);
    },
    editScene,
    settled: () => pending.current,
    commitRect: (layerId, rect) => editScene((s) => edit.setLayerRect(s, layerId, rect)),
    updateText: (layerId, patch) => editScene((s) => edit.updateTextSource(s, layerId, patch)),
    addSource: (c) => {
      if (c.type === 'audio') return editScene((s) => edit.addAudio(s, c.kind, c.device, c.name));
      let newId: string | null = null;
      editScene((s) => {
        const r = edit.addLayer(s, c.source, c.name);
        newId = r.id;
        return r.scene;
      });
      selectLayer(newId);
    },
  };
}
