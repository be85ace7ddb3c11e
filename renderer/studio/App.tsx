/**
 * The studio window: wires the core's snapshot and events to the panels. Layout (CSS grid, see
 * styles/layout.css): top bar; left column program monitor, scenes, layers, mixer; centre the scene
 * canvas with the Go Live dock; right column counters, danmaku and gift feeds; status bar. The feeds
 * get the full height of their column because they are read all stream long.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Destination, Layer, PipelineNote, StudioApi, StudioEvent, StudioSettingsPatch, StudioSnapshot } from '../../common/studio-api';
import type { TextSource } from './logic/text-raster';
import { setLang, translateCoded, type Lang } from '../shared/i18n';
import { useI18n } from '../shared/i18n/react';
import { TopBar } from './components/topbar/TopBar';
import { AudioMixer } from './components/audio/AudioMixer';
import { GoLiveButton } from './components/live/GoLiveButton';
import { OutputsPanel } from './components/live/OutputsPanel';
import { ProgramMonitor } from './components/program/ProgramMonitor';
import { LayerList } from './components/scenes/LayerList';
import { SceneCanvas } from './components/scenes/SceneCanvas';
import { SceneList } from './components/scenes/SceneList';
import { SourcePickerDialog, type PickerTab } from './components/scenes/SourcePickerDialog';
import { TextProperties } from './components/scenes/TextProperties';
import { LayerProperties } from './components/scenes/LayerProperties';
import { SettingsDialog } from './components/settings/SettingsDialog';
import { refusalIssues } from './components/settings/field-issues';
import { StatusBar } from './components/status/StatusBar';
import { Banners } from './components/status/ErrorBanner';
import { RoomColumn } from './components/feeds/RoomColumn';
import { HistoryView } from './components/history/HistoryView';
import { useHistoryRoute } from './components/history/use-history-route';
import { useActions } from './hooks/use-actions';
import { useBanners } from './hooks/use-banners';
import { useSceneEditor } from './hooks/use-scene-editor';
import { useStudio } from './hooks/use-studio';
import * as edit from './logic/scene-edit';
import { ProgramFeed } from './logic/program-feed';
import { saveLangPreference } from './lang-preference';
import { pageLanguage } from './logic/page-language';

export function App({ api }: { api: StudioApi }) {
  const { t } = useI18n();
  const { snapshot, loadError, apply } = useStudio(api);
  if (!snapshot) {
    return (
      <div className="boot" role="status">
        <span className="brand-mark" aria-hidden="true">弹</span>
        <p>{loadError ? t('app.loadFailed', { message: loadError }) : t('app.loading')}</p>
      </div>
    );
  }
  return <Studio api={api} snapshot={snapshot} apply={apply} />;
}

interface StudioProps {
  api: StudioApi;
  snapshot: StudioSnapshot;
  apply: (e: StudioEvent) => void;
}

/** Why Go Live is blocked while the relay is down: the relay's own failure, in the user's language, after the short reason. */
function relayDownText(relay: StudioSnapshot['relay'], lang: Lang, short: string): string {
  return relay.errorCode && relay.error ? `${short} ${translateCoded(lang, 'studioNote', { ...relay.errorCode, text: relay.error })}` : short;
}

/** Mounted once the first snapshot is in, so every panel below can rely on it. */
function Studio({ api, snapshot, apply }: StudioProps) {
  const { t, lang } = useI18n();
  const actions = useActions();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [picker, setPicker] = useState<PickerTab | null>(null);
  const [historyRoute, navigateHistory] = useHistoryRoute();
  // The program monitor's playing <video>, drawn by the editor when it shows the scene on air.
  const [programFeed] = useState(() => new ProgramFeed());

  // the saved language wins over the browser's once the settings are known, unless nobody named one yet
  const { language: savedLang, languageSource } = snapshot.settings.ui;
  const runAction = actions.run;
  useEffect(() => {
    const { lang, settle } = pageLanguage({ language: savedLang, languageSource });
    setLang(lang);
    saveLangPreference(lang);
    if (settle) void runAction('language', () => api.updateSettings({ ui: { language: lang, languageSource: 'browser' } })).then((s) => s && apply({ type: 'settings.changed', settings: s }));
  }, [savedLang, languageSource, runAction, api, apply]);

  const changeLanguage = useCallback((lang: Lang) => {
    setLang(lang);
    saveLangPreference(lang);
    void actions.run('language', () => api.updateSettings({ ui: { language: lang } })).then((s) => s && apply({ type: 'settings.changed', settings: s }));
  }, [actions, api, apply]);

  const banners = useBanners(api, snapshot, actions, () => setSettingsOpen(true));
  const scenes = useSceneEditor(api, snapshot, apply, actions);
  // The text properties panel's unsaved draft, shown on the canvas while the streamer types.
  const [textDraft, setTextDraft] = useState<TextSource | null>(null);
  // Sources the live preview left out (a camera that is not there): shown under the canvas while offline.
  const [previewNotes, setPreviewNotes] = useState<PipelineNote[]>([]);
  const selectedLayer = scenes.editing?.layers.find((l) => l.id === scenes.selectedLayerId);
  const selectedText = selectedLayer?.source.kind === 'text' ? (selectedLayer as Layer & { source: TextSource }) : null;
  const canvasScene = scenes.editing && selectedText && textDraft ? edit.updateTextSource(scenes.editing, selectedText.id, textDraft) : scenes.editing;
  const { state, stats } = snapshot.pipeline;
  const live = state.status === 'live' || state.status === 'switching';
  const video = snapshot.settings.output.video;
  const canvasNotes = live ? state.notes : previewNotes;
  const output = snapshot.settings.output;

  const saveSettings = async (patch: StudioSettingsPatch, action = 'updateSettings'): Promise<boolean> => {
    const s = await actions.run(action, () => api.updateSettings(patch));
    if (s) apply({ type: 'settings.changed', settings: s });
    return s !== undefined;
  };
  // text rasters still being drawn are stored first, so the stream starts with them rather than drawtext
  const goLive = () => void scenes.settled().then(() => actions.run('goLive', () => api.goLive())).then((st) => st && apply({ type: 'pipeline.state', state: st }));
  const stop = () => void actions.run('stop', () => api.stop()).then((st) => st && apply({ type: 'pipeline.state', state: st }));
  // our own stream stays "published" on the relay for a moment after Stop: only a publisher seen
  // well after our last live moment is someone else (OBS)
  const lastLiveAt = useRef(0);
  if (live || state.status === 'stopping') lastLiveAt.current = Date.now();
  const externalIngest = snapshot.relay.ingestLive && !live && Date.now() - lastLiveAt.current > 5000;
  const blocked = !snapshot.relay.ffmpegOk ? t('golive.noFfmpeg', { detail: snapshot.relay.ffmpeg })
    : snapshot.relay.status !== 'running' ? relayDownText(snapshot.relay, lang, t('golive.relayDown'))
    : externalIngest ? t('golive.obsLive')
    : null;
  // our own pipeline counts even before the relay reports the ingest (its state event may come later)
  const flvUrl = (live || snapshot.relay.ingestLive) && snapshot.relay.urls ? snapshot.relay.urls.flv : null;
  // Monitoring = the program monitor plays the relay's output aloud: what viewers hear, with their delay.
  const [monitoring, setMonitoring] = useState(false);
  const issuesFor = (action: string) => (actions.error?.action === action ? refusalIssues(lang, actions.error) : []);

  return (
    <div className="studio">
      <TopBar snapshot={snapshot} onLanguage={changeLanguage} onOpenSettings={() => setSettingsOpen(true)} onOpenHistory={() => navigateHistory({ view: 'sessions' })} onRenameRoom={(title) => void saveSettings({ room: { title } }, 'roomTitle')} onLanSharing={(on) => void saveSettings({ relay: { lanSharing: on } }, 'lanSharing')} />
      <Banners items={banners} />
      <aside className="col col--left">
        <ProgramMonitor flvUrl={flvUrl} encoderLagSec={live ? stats?.lagSec ?? null : null} muted={!monitoring} onMuted={(m) => setMonitoring(!m)} feed={programFeed} />
        <SceneList
          scenes={scenes.scenes}
          activeId={snapshot.activeSceneId}
          editingId={scenes.editing?.id ?? null}
          live={live}
          transition={output.transition}
          onTransition={(transition) => void saveSettings({ output: { transition } }, 'transition')}
          busy={actions.busy.has('switchScene')}
          onSelect={scenes.select}
          onSwitch={scenes.switchTo}
          onAdd={() => scenes.addScene(t('scenes.newName', { n: scenes.scenes.length + 1 }))}
          onRename={scenes.renameScene}
          onDelete={scenes.deleteScene}
        />
        {scenes.editing && (
          <LayerList
            layers={scenes.editing.layers}
            selectedId={scenes.selectedLayerId}
            missingIds={scenes.missingIds}
            onSelect={scenes.selectLayer}
            onMove={(id, dir) => scenes.editScene((s) => edit.moveLayer(s, id, dir))}
            onToggleVisible={(id, v) => scenes.editScene((s) => edit.setLayerVisible(s, id, v))}
            onRemove={(id) => scenes.editScene((s) => edit.removeLayer(s, id))}
            onAdd={() => setPicker('display')}
          />
        )}
        {selectedLayer && (
          <LayerProperties key={selectedLayer.id} layer={selectedLayer} canvas={{ w: video.width, h: video.height }} devices={snapshot.devices}
            onSave={(id, p) => scenes.editScene((s) => edit.updateLayer(s, id, p, { w: video.width, h: video.height }))} />
        )}
        {selectedText && (
          <TextProperties key={selectedText.id} layer={selectedText} onPreview={setTextDraft} onSave={scenes.updateText} />
        )}
        {scenes.editing && (
          <AudioMixer
            api={api}
            sceneId={scenes.editing.id}
            sources={scenes.editing.audio}
            monitoring={monitoring}
            canMonitor={flvUrl !== null}
            onMonitor={setMonitoring}
            onChange={(id, p) => scenes.editScene((s) => edit.updateAudio(s, id, p))}
            onRemove={(id) => scenes.editScene((s) => edit.removeAudio(s, id))}
            onAdd={() => setPicker('audio')}
          />
        )}
      </aside>
      <main className="col col--center">
        <section className="panel editor" aria-label={t('canvas.title')}>
          <header className="panel__header">
            <h2>{t('canvas.title')}</h2>
            {scenes.editing && <span className="editor__scene ellipsis">{scenes.editing.name}</span>}
            {scenes.editing && scenes.editing.id !== snapshot.activeSceneId && <span className="chip">{t('canvas.notOnAir')}</span>}
          </header>
          {canvasScene && (
            <SceneCanvas
              scene={canvasScene}
              canvas={{ w: video.width, h: video.height }}
              selectedId={scenes.selectedLayerId}
              missingIds={scenes.missingIds}
              onSelect={scenes.selectLayer}
              onCommitRect={scenes.commitRect}
              api={api}
              previewActive={!historyRoute}
              draftLayerId={textDraft && selectedText ? selectedText.id : null}
              onPreviewNotes={setPreviewNotes}
              onAir={live && canvasScene.id === snapshot.activeSceneId}
              feed={programFeed}
            />
          )}
          {canvasNotes.length > 0 && (
            <ul className="notes-list notes-list--canvas" aria-label={t('canvas.notes')}>
              {canvasNotes.map((n, i) => <li key={`${i}-${n.code}-${n.layerId ?? ''}`} className="note note--warn">{translateCoded(lang, 'pipelineNote', n)}</li>)}
            </ul>
          )}
          <p className="editor__help">{t('canvas.help')}</p>
        </section>
        <div className="dock">
          <GoLiveButton status={state.status} step={state.step} goLiveMs={state.goLiveMs} blockedReason={blocked} pending={actions.busy.has('goLive') || actions.busy.has('stop')} onGoLive={goLive} onStop={stop} />
          <OutputsPanel
            outputs={stats?.outputs ?? state.outputs}
            destinations={output.destinations}
            recording={output.recording}
            recordingStatus={stats?.recording ?? state.recording}
            live={live}
            busy={actions.busy.has('destinations') || actions.busy.has('recording')}
            errors={issuesFor('destinations')}
            onDestinations={(d: Destination[]) => saveSettings({ output: { destinations: d } }, 'destinations')}
            onRecording={(enabled) => void saveSettings({ output: { recording: { enabled } } }, 'recording')}
          />
        </div>
      </main>
      <RoomColumn
        api={api}
        seed={snapshot.room.recentEvents}
        viewers={snapshot.room.viewers}
        gifts={snapshot.room.gifts}
        selfId={snapshot.room.you?.id ?? null}
        connected={snapshot.room.connected}
        run={actions.run}
        linkBase={consoleLinkBase(snapshot.relay)}
      />
      <StatusBar state={state} stats={stats} targetBitrateKbps={video.bitrateKbps} relay={snapshot.relay} room={snapshot.room} />
      <SettingsDialog
        api={api}
        relay={snapshot.relay}
        recordingFolder={snapshot.recordingFolder}
        open={settingsOpen}
        settings={snapshot.settings}
        encoders={snapshot.pipeline.encoders}
        live={live}
        issues={issuesFor('settings')}
        saving={actions.busy.has('settings')}
        onClose={() => setSettingsOpen(false)}
        onSave={async (patch) => {
          const ok = await saveSettings(patch, 'settings');
          if (ok && patch.ui?.language) changeLanguage(patch.ui.language);
          return ok;
        }}
      />
      <SourcePickerDialog open={picker !== null} initialTab={picker ?? 'display'} api={api} initial={snapshot.devices} onClose={() => setPicker(null)} onPick={scenes.addSource} />
      {historyRoute && <HistoryView api={api} route={historyRoute} onNavigate={navigateHistory} onLanguage={changeLanguage} />}
    </div>
  );
}

/** Where moderator links point: the relay's LAN address when shared (moderators are elsewhere), else loopback. */
function consoleLinkBase(relay: StudioSnapshot['relay']): string | null {
  const viewer = relay.lanUrls[0]?.urls.viewer ?? relay.urls?.viewer;
  return viewer ? new URL(viewer).origin : null;
}
