/**
 * Adds a destination (Bilibili, Douyin, Twitch, YouTube...). The form is rendered from the output
 * kind's descriptor (common/outputs/): its fields, labels and hints, so a new kind needs no change
 * here. The core validates the settings; its message shows here.
 */
import { useState } from 'react';
import { OUTPUT_KINDS, outputKind } from '../../../../common/outputs/registry';
import type { Destination } from '../../../../common/studio-api';
import type { MessageKey } from '../../../shared/i18n';
import { useI18n } from '../../../shared/i18n/react';
import { destinationFromForm, formComplete, protocolList, urlLooksWrong } from '../../logic/destination-form';

interface Props {
  existing: Destination[];
  errors: string[];
  busy: boolean;
  onAdd: (d: Destination) => void;
  onCancel: () => void;
}

export function AddDestinationForm({ existing, errors, busy, onAdd, onCancel }: Props) {
  const { t } = useI18n();
  const [kindId, setKindId] = useState(OUTPUT_KINDS[0]!.id);
  const kind = outputKind(kindId) ?? OUTPUT_KINDS[0]!;
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const set = (key: string, v: string) => setValues((prev) => ({ ...prev, [key]: v }));

  return (
    <form
      className="dest-form"
      onSubmit={(e) => {
        e.preventDefault();
        onAdd(destinationFromForm(kind, name, values, existing));
      }}
    >
      {OUTPUT_KINDS.length > 1 && (
        <label className="field"><span>{t('outputs.kind')}</span>
          <select value={kind.id} onChange={(e) => { setKindId(e.target.value); setValues({}); }} data-testid="destination-kind">
            {OUTPUT_KINDS.map((k) => <option key={k.id} value={k.id}>{t(k.label as MessageKey)}</option>)}
          </select></label>
      )}
      <label className="field"><span>{t('outputs.name')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('outputs.namePlaceholder')} maxLength={100} /></label>
      {kind.fields.map((f) => {
        const value = values[f.key] ?? '';
        const wrong = urlLooksWrong(kind, f, value);
        return (
          <div key={`${kind.id}.${f.key}`}>
            <label className="field"><span>{t(f.label as MessageKey)}</span>
              <input
                value={value}
                onChange={(e) => set(f.key, e.target.value)}
                name={f.key}
                placeholder={f.placeholder}
                maxLength={f.maxLength}
                required={f.required}
                className="mono"
                {...(f.input === 'secret' ? { type: 'password', autoComplete: 'off' } : {})}
                aria-invalid={wrong}
              /></label>
            {wrong && f.hint && <p className="field-error">{t(f.hint as MessageKey, { protocols: protocolList(kind) })}</p>}
          </div>
        );
      })}
      {errors.map((m) => <p key={m} className="field-error">{m}</p>)}
      <div className="dest-form__actions">
        <button type="submit" className="btn btn--primary btn--sm" disabled={busy || !formComplete(kind, values)}>{t('outputs.addConfirm')}</button>
        <button type="button" className="btn btn--ghost btn--sm" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
