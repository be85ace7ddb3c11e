/**
 * A per-minute chart in plain SVG (bars; the viewer count as a stepped area). Its peak is marked and
 * is a button: one click shows the messages of that minute in the event list.
 */
import type { SessionMinute } from '../../../../common/history';
import { useI18n } from '../../../shared/i18n/react';
import { barGeometry, niceMax, peakIndex } from '../../logic/history-view';
import { formatClock } from './format';

const W = 600;
const H = 120;

interface MinuteChartProps {
  title: string;
  minutes: readonly SessionMinute[];
  value: (m: SessionMinute) => number;
  color: string;
  area?: boolean;
  onPeak: (m: SessionMinute) => void;
  testId: string;
}

export function MinuteChart({ title, minutes, value, color, area = false, onPeak, testId }: MinuteChartProps) {
  const { t, lang } = useI18n();
  const values = minutes.map(value);
  const peak = peakIndex(values);
  const bars = barGeometry(values, W, H);
  const top = niceMax(Math.max(0, ...values));
  const peakMinute = peak === null ? null : minutes[peak]!;
  const path = area && bars.length
    ? `M0 ${H} ${bars.map((b) => `L${b.x} ${H - b.height} L${b.x + b.width} ${H - b.height}`).join(' ')} L${W} ${H} Z`
    : null;
  const fmt = new Intl.NumberFormat(lang);
  return (
    <figure className="hchart" data-testid={testId}>
      <figcaption className="hchart__head">
        <span className="hchart__title">{title}</span>
        {peakMinute && (
          <button type="button" className="btn btn--ghost btn--sm hchart__peak" onClick={() => onPeak(peakMinute)} data-testid={`${testId}-peak`}
            title={t('history.peakJump')}>
            {t('history.peakAt', { value: fmt.format(values[peak!]!), time: formatClock(peakMinute.minute) })}
          </button>
        )}
      </figcaption>
      {/* the y-axis maximum sits at the top of the plot, on its top line, as charts do (it read as a time on the x axis) */}
      <div className="hchart__plot">
        <span className="hchart__ymax mono" data-testid={`${testId}-ymax`}>{t('history.axisMax', { n: fmt.format(top) })}</span>
        <svg className="hchart__svg" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img"
          aria-label={t('history.chartLabel', { title, max: fmt.format(Math.max(0, ...values)) })}>
          <line x1="0" x2={W} y1="0.5" y2="0.5" className="hchart__grid" />
          <line x1="0" x2={W} y1={H / 2} y2={H / 2} className="hchart__grid" />
          {path ? <path d={path} fill={color} fillOpacity="0.35" stroke={color} strokeWidth="1" vectorEffect="non-scaling-stroke" />
            : bars.map((b, i) => (
              <rect key={i} x={b.x} y={H - b.height} width={b.width} height={b.height} fill={color} opacity={i === peak ? 1 : 0.6}>
                <title>{`${formatClock(minutes[i]!.minute)} · ${fmt.format(values[i]!)}`}</title>
              </rect>
            ))}
          {peak !== null && <line x1={bars[peak]!.x + bars[peak]!.width / 2} x2={bars[peak]!.x + bars[peak]!.width / 2} y1="0" y2={H} className="hchart__peakline" />}
        </svg>
      </div>
      <div className="hchart__axis mono" data-testid={`${testId}-xaxis`}>
        <span>{minutes[0] ? formatClock(minutes[0].minute) : ''}</span>
        <span>{minutes.length ? formatClock(minutes[minutes.length - 1]!.minute) : ''}</span>
      </div>
    </figure>
  );
}
