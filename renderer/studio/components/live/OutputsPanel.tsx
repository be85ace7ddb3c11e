/**
 * Where the stream goes: the embedded relay (always: the viewer page and the danmaku room depend on
 * it), extra destinations (shown with their keys hidden) with an enable switch and their live state, and recording.
 */
import { useState } from 'react';
import type { Destination, OutputStatus, RecordingSettings, PipelineStats } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import { Icon } from '../common/Icon';
import { Toggle } from '../common/Toggle';
import { AddDestinationForm } from './AddDestinationForm';
import { destinationDisplayUrl } from '../../../../common/outputs/registry';
import { OutputError, OutputState } from './OutputRow';

interface OutputsPanelProps {
  outputs: OutputStatus[];
  destinations: Destination[];
  recording: RecordingSettings;
  recordingStatus: PipelineStats['recording'];
  live: boolean;
  busy: boolean;
  errors: string[];
  /** Resolves true when the core accepted the list (the add form stays open on a refusal). */
  onDestinations: (next: Destination[]) => Promise<boolean>;
  onRecording: (enabled: boolean) => void;
}

export function OutputsPanel(p: OutputsPanelProps) {
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  const byId = new Map(p.outputs.map((o) => [o.id, o]));
  const relay = byId.get('relay');
  const setDest = (id: string, patch: Partial<Destination>) => void p.onDestinations(p.destinations.map((d) => (d.id === id ? { ...d, ...patch } : d)));

  return (
    <section className="panel outputs" aria-label={t('outputs.title')}>
      <header className="panel__header">
        <h2>{t('outputs.title')}</h2>
        {!adding && (
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => setAdding(true)} disabled={p.destinations.length >= 10} data-testid="add-destination">
            <Icon name="plus" size={14} /> {t('outputs.add')}
          </button>
        )}
      </header>
      <ul className="output-list">
        <li className="output-row">
          <span className="output-row__name">{t('outputs.relay')}</span>
          <span className="output-row__url mono ellipsis">{relay?.url ?? t('outputs.relayHint')}</span>
          <OutputState status={relay} />
          <OutputError status={relay} />
        </li>
        {p.destinations.map((d) => {
          const st = byId.get(d.id);
          return (
            <li key={d.id} className="output-row">
              <Toggle checked={d.enabled} onChange={(v) => setDest(d.id, { enabled: v })} label={d.name} disabled={p.busy} />
              <span className="output-row__url mono ellipsis" title={st?.url ?? destinationDisplayUrl(d)}>{st?.url ?? destinationDisplayUrl(d)}</span>
              {d.enabled ? <OutputState status={st} /> : <span className="out-state out-state--off">{t('outputs.disabled')}</span>}
              <button type="button" className="icon-btn icon-btn--sm" onClick={() => void p.onDestinations(p.destinations.filter((x) => x.id !== d.id))} disabled={p.busy} aria-label={t('outputs.removeNamed', { name: d.name })} title={t('outputs.remove')}>
                <Icon name="trash" size={14} />
              </button>
              {d.enabled && <OutputError status={st} />}
            </li>
          );
        })}
        <li className="output-row">
          <Toggle checked={p.recording.enabled} onChange={p.onRecording} label={t('outputs.record')} disabled={p.busy} testId="record-toggle" />
          <span className="output-row__url mono ellipsis" title={p.recordingStatus?.path}>
            {p.recordingStatus ? p.recordingStatus.path : p.recording.directory ?? t('outputs.recordHint')}
          </span>
          {p.recordingStatus && (
            <span className={`out-state out-state--${p.recordingStatus.state === 'failed' ? 'failed' : p.recordingStatus.state === 'recording' ? 'live' : 'connecting'}`} title={p.recordingStatus.error ?? undefined}>
              <span className="out-state__dot" aria-hidden="true" />
              {t(`outputs.rec.${p.recordingStatus.state}`)}
            </span>
          )}
        </li>
      </ul>
      {p.live && p.destinations.length > 0 && <p className="panel__hint">{t('outputs.liveChangeHint')}</p>}
      {adding && (
        <AddDestinationForm
          existing={p.destinations}
          errors={p.errors}
          busy={p.busy}
          onAdd={(d) => {
            void p.onDestinations([...p.destinations, d]).then((ok) => ok && setAdding(false));
          }}
          onCancel={() => setAdding(false)}
        />
      )}
    </section>
  );
}
