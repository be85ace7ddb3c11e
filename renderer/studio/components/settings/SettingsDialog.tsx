/**
 * Output settings (encoder, preset, resolution, frame rate, bitrate, keyframe interval) and the UI
 * language. The form holds a draft; Save sends one patch and the core validates it as a whole (e.g.
 * even width × height), its messages appear under the fields they are about.
 */
import { useEffect, useState } from 'react';
import type { EncoderOption, RelayInfo, StudioApi, StudioSettings, StudioSettingsPatch, VideoSettings } from '../../../../common/studio-api';
import { LANGS, type Lang } from '../../../shared/i18n';
import { useI18n } from '../../../shared/i18n/react';
import { Dialog } from '../common/Dialog';
import { NATIVE_NAMES } from '../topbar/LanguageSwitch';
import { encoderChoices } from './encoder-choices';
import { issuesByField } from './field-issues';
import { StudioSections, useStudioDraft } from './StudioSections';

/** Every preset exactly once: a Record over the contract's union, so TypeScript flags a missing or unknown one. */
const PRESETS: Record<VideoSettings['preset'], true> = { ultrafast: true, superfast: true, veryfast: true, faster: true, fast: true, medium: true };
const RESOLUTIONS = [[1920, 1080], [1280, 720], [960, 540], [854, 480]] as const;
const FPS = [24, 25, 30, 50, 60];

interface Props {
  api: StudioApi;
  relay: RelayInfo;
  /** Where recordings go now (the chosen folder or the default). */
  recordingFolder: string;
  open: boolean;
  settings: StudioSettings;
  /** What the core's trial-encode probe found; only working ones can be chosen. */
  encoders: EncoderOption[];
  live: boolean;
  issues: string[];
  saving: boolean;
  onClose: () => void;
  onSave: (patch: StudioSettingsPatch) => Promise<boolean>;
}

export function SettingsDialog({ api, relay, recordingFolder, open, settings, encoders, live, issues, saving, onClose, onSave }: Props) {
  const { t } = useI18n();
  const studio = useStudioDraft(settings, recordingFolder, open);
  const [video, setVideo] = useState<VideoSettings>(settings.output.video);
  const [language, setLanguage] = useState<Lang>(settings.ui.language);
  useEffect(() => {
    if (open) {
      setVideo(settings.output.video);
      setLanguage(settings.ui.language);
    }
  }, [open, settings]);

  const errs = issuesByField(issues);
  const err = (...fields: string[]) => fields.flatMap((f) => errs.get(f) ?? []).map((m) => <p key={m} className="field-error">{m}</p>);
  const set = <K extends keyof VideoSettings>(k: K, v: VideoSettings[K]) => setVideo((s) => ({ ...s, [k]: v }));
  const resKey = `${video.width}x${video.height}`;
  const isPreset = RESOLUTIONS.some(([w, h]) => `${w}x${h}` === resKey);
  const options = encoderChoices(encoders, video.encoder);
  const chosen = options.find((x) => x.id === video.encoder);

  const submit = () => {
    void onSave({ ...studio.patch, output: { ...studio.patch.output, video }, ui: { language } }).then((ok) => ok && onClose());
  };

  return (
    <Dialog
      open={open}
      title={t('settings.title')}
      onClose={onClose}
      testId="settings-dialog"
      footer={
        <>
          {live && <span className="muted small">{t('settings.liveHint')}</span>}
          <button type="button" className="btn btn--ghost" onClick={onClose}>{t('common.cancel')}</button>
          <button type="button" className="btn btn--primary" onClick={submit} disabled={saving} data-testid="settings-save">{t('common.save')}</button>
        </>
      }
    >
      <form className="settings-form" onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <h3 className="settings-form__section">{t('settings.video')}</h3>
        <label className="field"><span>{t('settings.encoder')}</span>
          <select value={video.encoder} onChange={(e) => set('encoder', e.target.value as VideoSettings['encoder'])}>
            {options.map((x) => (
              <option key={x.id} value={x.id} disabled={!x.working} title={x.reason ?? undefined}>
                {x.id === 'x264' ? t('settings.encoderX264') : x.working ? x.label : t('settings.encoderUnavailable', { name: x.label })}
              </option>
            ))}
          </select>
          <small className="field-hint">{t('settings.encoderHint')}</small>
          {chosen && !chosen.working && <p className="field-error">{chosen.reason ?? t('settings.encoderUnavailable', { name: chosen.label })}</p>}
          {err('encoder')}
        </label>
        <label className="field"><span>{t('settings.preset')}</span>
          <select value={video.preset} onChange={(e) => set('preset', e.target.value as VideoSettings['preset'])}>
            {Object.keys(PRESETS).map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
          <small className="field-hint">{t('settings.presetHint')}</small>
          {err('preset')}
        </label>
        <div className="field">
          <span>{t('settings.resolution')}</span>
          <div className="field-row">
            <select value={isPreset ? resKey : 'custom'} aria-label={t('settings.resolution')} onChange={(e) => {
              const [w, h] = e.target.value.split('x').map(Number);
              if (w && h) setVideo((s) => ({ ...s, width: w, height: h }));
            }}>
              {RESOLUTIONS.map(([w, h]) => <option key={`${w}x${h}`} value={`${w}x${h}`}>{w}×{h}</option>)}
              <option value="custom">{t('settings.custom')}</option>
            </select>
            <input type="number" aria-label={t('settings.width')} value={video.width} min={160} max={7680} step={2} onChange={(e) => set('width', Number(e.target.value))} />
            <span aria-hidden="true">×</span>
            <input type="number" aria-label={t('settings.height')} value={video.height} min={90} max={4320} step={2} onChange={(e) => set('height', Number(e.target.value))} />
          </div>
          {err('width', 'height')}
        </div>
        <div className="field-grid">
          <label className="field"><span>{t('settings.fps')}</span>
            <select value={video.fps} onChange={(e) => set('fps', Number(e.target.value))}>
              {[...new Set([...FPS, video.fps])].sort((a, b) => a - b).map((f) => <option key={f} value={f}>{f}</option>)}
            </select>
            {err('fps')}
          </label>
          <label className="field"><span>{t('settings.bitrate')}</span>
            <input type="number" value={video.bitrateKbps} min={100} max={100000} step={100} onChange={(e) => set('bitrateKbps', Number(e.target.value))} />
            <small className="field-hint">{t('settings.bitrateHint')}</small>
            {err('bitrateKbps')}
          </label>
          <label className="field"><span>{t('settings.keyframe')}</span>
            <input type="number" value={video.keyframeIntervalSec} min={0.5} max={10} step={0.5} onChange={(e) => set('keyframeIntervalSec', Number(e.target.value))} />
            <small className="field-hint">{t('settings.keyframeHint')}</small>
            {err('keyframeIntervalSec')}
          </label>
        </div>
        <StudioSections api={api} draft={studio.draft} setDraft={studio.setDraft} relay={relay} encoders={encoders} err={err} />
        <h3 className="settings-form__section">{t('settings.interface')}</h3>
        <label className="field"><span>{t('settings.language')}</span>
          <select value={language} onChange={(e) => setLanguage(e.target.value as Lang)}>
            {LANGS.map((l) => <option key={l} value={l} lang={l}>{NATIVE_NAMES[l]}</option>)}
          </select>
          {err('language')}
        </label>
        {err('')}
      </form>
    </Dialog>
  );
}
