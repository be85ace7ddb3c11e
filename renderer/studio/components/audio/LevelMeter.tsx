/**
 * A horizontal broadcast meter: RMS as the bar, peak as a tick, on a -60..0 dBFS scale with the
 * usual green / amber (-20) / red (-9) zones. The bar is a scaled element, not a repaint of a
 * gradient, so updating it several times a second is cheap.
 */
import type { AudioLevel } from '../../../../common/studio-api';
import { dbToMeter } from '../../logic/format';

export function LevelMeter({ level, muted, label }: { level: AudioLevel | undefined; muted: boolean; label: string }) {
  const rms = level ? dbToMeter(level.rmsDb) : 0;
  const peak = level ? dbToMeter(level.peakDb) : 0;
  const clip = level !== undefined && level.peakDb > -1;
  return (
    <div
      className={`meter${muted ? ' meter--muted' : ''}${clip ? ' meter--clip' : ''}`}
      role="meter"
      aria-label={label}
      aria-valuemin={-60}
      aria-valuemax={0}
      aria-valuenow={level ? Math.max(-60, Math.round(level.rmsDb)) : -60}
    >
      <div className="meter__fill" style={{ transform: `scaleX(${rms})` }} />
      {peak > 0 && <div className="meter__peak" style={{ left: `calc(${peak * 100}% - 2px)` }} />}
      <div className="meter__ticks" aria-hidden="true" />
    </div>
  );
}
