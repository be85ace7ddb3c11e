/**
 * Adds a source: the real screens, cameras and audio devices the core found (refreshed each time the
 * dialog opens), a window by title, an image file, text, or a test pattern. What the core could not
 * list comes with its reason (devices.warnings) instead of an empty list.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { AudioSource, Devices, StudioApi, ThumbnailRequest, VideoSource } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import { Dialog } from '../common/Dialog';
import { Icon, type IconName } from '../common/Icon';

export type SourceChoice =
  | { type: 'video'; source: VideoSource; name: string }
  | { type: 'audio'; kind: AudioSource['kind']; device: string | undefined; name: string };

const TABS: { id: PickerTab; icon: IconName }[] = [
  { id: 'display', icon: 'screen' },
  { id: 'window', icon: 'window' },
  { id: 'camera', icon: 'camera' },
  { id: 'audio', icon: 'mic' },
  { id: 'image', icon: 'image' },
  { id: 'text', icon: 'text' },
  { id: 'test-pattern', icon: 'pattern' },
];

const TAB_LABEL = {
  display: 'source.display',
  window: 'source.window',
  camera: 'source.camera',
  audio: 'source.audio',
  image: 'source.image',
  text: 'source.text',
  'test-pattern': 'source.testPattern',
} as const;

/** One frame of a screen or camera, asked of the core when the tile shows; nothing where the platform gives none. */
function DeviceThumb({ api, req, name }: { api: StudioApi; req: ThumbnailRequest; name: string }) {
  const { t } = useI18n();
  const [jpeg, setJpeg] = useState<string | null>(null);
  const key = JSON.stringify(req);
  useEffect(() => {
    let cancelled = false;
    api.preview.thumbnail(JSON.parse(key) as ThumbnailRequest).then((j) => !cancelled && setJpeg(j), () => undefined);
    return () => {
      cancelled = true;
    };
  }, [api, key]);
  return jpeg
    ? <img className="device__thumb" src={`data:image/jpeg;base64,${jpeg}`} alt={t('picker.thumbnail', { name })} data-testid="device-thumb" />
    : <span className="device__thumb device__thumb--none" aria-hidden="true" />;
}

export type PickerTab = 'display' | 'window' | 'camera' | 'audio' | 'image' | 'text' | 'test-pattern';

interface Props {
  open: boolean;
  /** The tab shown on opening: the mixer's "+" opens on audio devices. */
  initialTab: PickerTab;
  api: StudioApi;
  initial: Devices;
  onClose: () => void;
  onPick: (c: SourceChoice) => void;
}

export function SourcePickerDialog({ open, initialTab, api, initial, onClose, onPick }: Props) {
  const { t } = useI18n();
  const [tab, setTab] = useState<PickerTab>(initialTab);
  const [devices, setDevices] = useState<Devices>(initial);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [windowTitle, setWindowTitle] = useState('');
  const [imagePath, setImagePath] = useState('');
  const [text, setText] = useState('');
  const [pattern, setPattern] = useState<'smptebars' | 'testsrc2'>('smptebars');

  useEffect(() => {
    if (!open) return;
    setTab(initialTab);
    let cancelled = false;
    setLoading(true);
    setError(null);
    api.listDevices().then(
      (d) => !cancelled && setDevices(d),
      (e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)),
    ).finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [open, api, initialTab]);

  const pick = (c: SourceChoice) => {
    onPick(c);
    onClose();
  };

  const deviceButton = (key: string, icon: IconName, name: string, detail: string | null, onClick: () => void, thumb?: ReactNode) => (
    <li key={key}>
      <button type="button" className={`device${thumb ? ' device--thumb' : ''}`} onClick={onClick}>
        {thumb}
        <Icon name={icon} />
        <span className="device__name ellipsis">{name}</span>
        {detail && <span className="device__detail mono">{detail}</span>}
      </button>
    </li>
  );

  const empty = (msg: string) => <p className="panel__empty">{msg}</p>;

  return (
    <Dialog open={open} title={t('picker.title')} onClose={onClose} wide testId="source-picker">
      <div className="picker">
        <nav className="picker__tabs" role="tablist" aria-orientation="vertical">
          {TABS.map((x) => (
            <button key={x.id} type="button" role="tab" aria-selected={tab === x.id} className="picker__tab" onClick={() => setTab(x.id)} data-testid={`picker-tab-${x.id}`}>
              <Icon name={x.icon} /> {t(TAB_LABEL[x.id])}
            </button>
          ))}
        </nav>
        <div className="picker__pane" role="tabpanel">
          {loading && <p className="muted small" role="status">{t('picker.scanning')}</p>}
          {error && <p className="field-error">{error}</p>}
          {tab === 'display' && (
            devices.displays.length ? (
              <ul className="device-list">
                {devices.displays.map((d) => deviceButton(d.id, 'screen', d.name, d.width && d.height ? `${d.width}×${d.height}${d.primary ? ` · ${t('picker.primary')}` : ''}` : null,
                  () => pick({ type: 'video', source: { kind: 'display', device: d.id, showCursor: true }, name: d.name }),
                  open ? <DeviceThumb api={api} req={{ kind: 'display', device: d.id }} name={d.name} /> : undefined))}
              </ul>
            ) : empty(t('picker.noDisplays'))
          )}
          {tab === 'camera' && (
            devices.cameras.length ? (
              <ul className="device-list">
                {devices.cameras.map((d) => deviceButton(d.id, 'camera', d.name, d.id !== d.name ? d.id : null,
                  () => pick({ type: 'video', source: { kind: 'camera', device: d.id }, name: d.name }),
                  open ? <DeviceThumb api={api} req={{ kind: 'camera', device: d.id }} name={d.name} /> : undefined))}
              </ul>
            ) : empty(t('picker.noCameras'))
          )}
          {tab === 'audio' && (
            devices.audio.length ? (
              <ul className="device-list">
                {devices.audio.map((d) => deviceButton(d.id, d.loopback ? 'speaker' : 'mic', d.name, d.loopback ? t('picker.desktopAudio') : t('picker.microphone'),
                  () => pick({ type: 'audio', kind: d.loopback ? 'desktop' : 'microphone', device: d.id, name: d.name })))}
              </ul>
            ) : empty(t('picker.noAudio'))
          )}
          {tab === 'window' && (
            <form className="picker__form" onSubmit={(e) => { e.preventDefault(); if (windowTitle.trim()) pick({ type: 'video', source: { kind: 'window', title: windowTitle.trim() }, name: windowTitle.trim() }); }}>
              {devices.platform !== 'win32' && <p className="note note--warn">{t('picker.windowOnlyWindows')}</p>}
              <label className="field"><span>{t('picker.windowTitle')}</span>
                <input value={windowTitle} onChange={(e) => setWindowTitle(e.target.value)} placeholder={t('picker.windowTitlePlaceholder')} /></label>
              <button type="submit" className="btn btn--primary" disabled={!windowTitle.trim()}>{t('picker.add')}</button>
            </form>
          )}
          {tab === 'image' && (
            <form className="picker__form" onSubmit={(e) => { e.preventDefault(); if (imagePath.trim()) pick({ type: 'video', source: { kind: 'image', path: imagePath.trim() }, name: imagePath.trim().split(/[\\/]/).pop() ?? '' }); }}>
              <label className="field"><span>{t('picker.imagePath')}</span>
                <input value={imagePath} onChange={(e) => setImagePath(e.target.value)} placeholder={t('picker.imagePathPlaceholder')} className="mono" /></label>
              <button type="submit" className="btn btn--primary" disabled={!imagePath.trim()}>{t('picker.add')}</button>
            </form>
          )}
          {tab === 'text' && (
            <form className="picker__form" onSubmit={(e) => { e.preventDefault(); if (text.trim()) pick({ type: 'video', source: { kind: 'text', text: text.trim(), fontSize: 48, color: 'white' }, name: text.trim().slice(0, 40) }); }}>
              <label className="field"><span>{t('picker.text')}</span>
                <input value={text} maxLength={500} onChange={(e) => setText(e.target.value)} placeholder={t('picker.textPlaceholder')} data-testid="picker-text" /></label>
              <button type="submit" className="btn btn--primary" disabled={!text.trim()} data-testid="picker-text-add">{t('picker.add')}</button>
            </form>
          )}
          {tab === 'test-pattern' && (
            <form className="picker__form" onSubmit={(e) => { e.preventDefault(); pick({ type: 'video', source: { kind: 'test-pattern', pattern, color: 'black' }, name: t(pattern === 'smptebars' ? 'picker.patternBars' : 'picker.patternMoving') }); }}>
              <fieldset className="field">
                <legend>{t('picker.pattern')}</legend>
                <label className="radio"><input type="radio" name="pattern" checked={pattern === 'smptebars'} onChange={() => setPattern('smptebars')} /> {t('picker.patternBars')}</label>
                <label className="radio"><input type="radio" name="pattern" checked={pattern === 'testsrc2'} onChange={() => setPattern('testsrc2')} /> {t('picker.patternMoving')}</label>
              </fieldset>
              <button type="submit" className="btn btn--primary">{t('picker.add')}</button>
            </form>
          )}
          {devices.warnings.length > 0 && (tab === 'display' || tab === 'camera' || tab === 'audio') && (
            <ul className="notes-list">
              {devices.warnings.map((w) => <li key={w} className="note note--warn"><Icon name="warn" size={14} /> {w}</li>)}
            </ul>
          )}
        </div>
      </div>
    </Dialog>
  );
}
