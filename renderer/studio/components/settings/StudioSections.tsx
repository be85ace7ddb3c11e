/**
 * Settings sections about where things live and who can reach them: LAN sharing and the studio link
 * (browser mode), the recording folder and file name, and the ffmpeg in use with what its trial
 * encode found. Their draft joins the dialog's one Save (see useStudioDraft).
 */
import { useEffect, useState } from 'react';
import type { EncoderOption, RelayInfo, StudioApi, StudioSettings, StudioSettingsPatch } from '../../../../common/studio-api';
import { errorText } from '../../../shared/i18n';
import { useI18n } from '../../../shared/i18n/react';
import { isElectron } from '../../../shared/studio-client';
import { CopyButton } from '../common/CopyButton';
import { Toggle } from '../common/Toggle';

export interface StudioDraft {
  lanSharing: boolean;
  ffmpegPath: string;
  recordingFolder: string;
  recordingName: string;
}

/** The draft (reset when the dialog opens) and the part of the Save patch it makes. */
export function useStudioDraft(settings: StudioSettings, recordingFolder: string, open: boolean) {
  const initial = (): StudioDraft => ({
    lanSharing: settings.relay.lanSharing,
    ffmpegPath: settings.ffmpegPath ?? '',
    recordingFolder,
    recordingName: settings.output.recording.fileName,
  });
  const [draft, setDraft] = useState<StudioDraft>(initial);
  useEffect(() => { if (open) setDraft(initial()); }, [open, settings, recordingFolder]);
  const folder = draft.recordingFolder.trim();
  const patch: StudioSettingsPatch = {
    relay: { lanSharing: draft.lanSharing },
    ffmpegPath: draft.ffmpegPath.trim() || null,
    output: { recording: { fileName: draft.recordingName, ...(folder && folder !== recordingFolder ? { directory: folder } : {}) } },
  };
  return { draft, setDraft, patch };
}

interface Props {
  api: StudioApi;
  draft: StudioDraft;
  setDraft: (f: (d: StudioDraft) => StudioDraft) => void;
  relay: RelayInfo;
  encoders: EncoderOption[];
  err: (...fields: string[]) => React.ReactNode;
}

export function StudioSections({ api, draft, setDraft, relay, encoders, err }: Props) {
  const { t, lang } = useI18n();
  const electron = isElectron();
  const [newLink, setNewLink] = useState<string | null>(null);
  const [linkError, setLinkError] = useState<string | null>(null);
  const set = <K extends keyof StudioDraft>(k: K, v: StudioDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const resetLink = () => {
    if (!window.confirm(t('settings.linkResetConfirm'))) return;
    api.resetStudioLink().then((r) => { setNewLink(r.url); setLinkError(null); }, (e: Error) => setLinkError(errorText(lang, e)));
  };
  const browse = () => {
    void api.chooseFolder(draft.recordingFolder || undefined).then((dir) => dir && set('recordingFolder', dir), () => {});
  };

  return (
    <>
      <h3 className="settings-form__section">{t('settings.sharing')}</h3>
      <div className="field">
        <Toggle checked={draft.lanSharing} onChange={(v) => set('lanSharing', v)} label={t('settings.lanSharing')} testId="settings-lan-sharing" />
        <small className="field-hint">{t(draft.lanSharing ? 'settings.lanSharingOnHint' : 'settings.lanSharingOffHint')}</small>
        {err('lanSharing')}
      </div>
      {!electron && (
        <div className="field">
          <span>{t('settings.studioLink')}</span>
          <small className="field-hint">{t('settings.studioLinkHint')}</small>
          <div className="field-row">
            <button type="button" className="btn btn--ghost" onClick={resetLink} data-testid="reset-studio-link">{t('settings.linkReset')}</button>
          </div>
          {newLink && (
            <p className="field-hint" data-testid="new-studio-link">
              {t('settings.linkResetDone')} <span className="mono">{newLink}</span> <CopyButton text={newLink} label={t('settings.studioLink')} />
            </p>
          )}
          {linkError && <p className="field-error">{linkError}</p>}
        </div>
      )}

      <h3 className="settings-form__section">{t('settings.recording')}</h3>
      <label className="field"><span>{t('settings.recordingFolder')}</span>
        <div className="field-row">
          <input type="text" className="mono" value={draft.recordingFolder} spellCheck={false} onChange={(e) => set('recordingFolder', e.target.value)} data-testid="settings-recording-folder" />
          {electron && <button type="button" className="btn btn--ghost" onClick={browse}>{t('settings.browse')}</button>}
        </div>
        <small className="field-hint">{t('settings.recordingFolderHint')}</small>
        {err('directory')}
      </label>
      <label className="field"><span>{t('settings.recordingName')}</span>
        <input type="text" value={draft.recordingName} maxLength={200} onChange={(e) => set('recordingName', e.target.value)} data-testid="settings-recording-name" />
        <small className="field-hint">{t('settings.recordingNameHint')}</small>
        {err('fileName')}
      </label>

      <h3 className="settings-form__section">ffmpeg</h3>
      <label className="field"><span>{t('settings.ffmpegPath')}</span>
        <input type="text" className="mono" value={draft.ffmpegPath} spellCheck={false} placeholder={t('settings.ffmpegAuto')} onChange={(e) => set('ffmpegPath', e.target.value)} data-testid="settings-ffmpeg-path" />
        <small className="field-hint">{t('settings.ffmpegHint')}</small>
        {err('ffmpegPath')}
      </label>
      <dl className="field settings-ffmpeg" data-testid="settings-ffmpeg-status">
        <dt>{t('settings.ffmpegInUse')}</dt>
        <dd className={relay.ffmpegOk ? 'mono' : 'mono field-error'}>{relay.ffmpeg}</dd>
        <dt>{t('settings.ffmpegTrial')}</dt>
        <dd>
          <ul className="settings-ffmpeg__encoders">
            {encoders.map((e) => (
              <li key={e.id} title={e.reason ?? undefined}>{e.working ? '✓' : '✗'} {e.label}{!e.working && e.reason ? ` — ${e.reason}` : ''}</li>
            ))}
          </ul>
        </dd>
      </dl>
    </>
  );
}
