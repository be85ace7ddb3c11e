/**
 * The numbers a streamer glances at: fps against the target, bitrate, encoder speed, dropped and
 * duplicated frames, uptime. Each turns amber or red by the thresholds in stat-health.ts.
 */
import type { PipelineState, PipelineStats, RelayInfo, RoomInfo } from '../../../../common/studio-api';
import { useI18n } from '../../../shared/i18n/react';
import { formatBitrate, formatUptime } from '../../logic/format';
import { bitrateHealth, cpuHealth, fpsHealth, frameLossHealth, speedHealth, type Health } from '../../logic/stat-health';

interface StatusBarProps {
  state: PipelineState;
  stats: PipelineStats | null;
  /** The configured video bitrate, shown as the bitrate's tooltip. */
  targetBitrateKbps: number;
  relay: RelayInfo;
  room: RoomInfo;
}

function Stat({ label, value, health = 'ok', testId, title }: { label: string; value: string; health?: Health; testId?: string; title?: string }) {
  return (
    <span className={`stat stat--${health}`} title={title}>
      <span className="stat__label">{label}</span>
      <span className="stat__value mono" data-testid={testId}>{value}</span>
    </span>
  );
}

export function StatusBar({ state, stats, targetBitrateKbps, relay, room }: StatusBarProps) {
  const { t } = useI18n();
  const on = stats !== null && (state.status === 'live' || state.status === 'switching');
  const dash = '–';
  const total = stats ? stats.frames + stats.droppedFrames : 0;
  return (
    <footer className="statusbar" role="status" aria-label={t('status.title')}>
      <Stat label={t('status.fps')} value={on ? stats.fps.toFixed(1) : dash} health={on ? fpsHealth(stats.fps, stats.targetFps) : 'ok'} testId="status-fps" title={on ? t('status.fpsTarget', { n: stats.targetFps }) : undefined} />
      <Stat label={t('status.bitrate')} value={on ? formatBitrate(stats.bitrateKbps) : dash} health={on && stats.uptimeSec > 5 ? bitrateHealth(stats.bitrateKbps) : 'ok'} testId="status-bitrate" title={t('status.bitrateTarget', { n: targetBitrateKbps })} />
      <Stat label={t('status.speed')} value={on ? `${stats.speed.toFixed(2)}×` : dash} health={on ? speedHealth(stats.speed) : 'ok'} testId="status-speed" title={t('status.speedHint')} />
      <Stat label={t('status.dropped')} value={on ? String(stats.droppedFrames) : dash} health={on ? (stats.overload ? 'bad' : frameLossHealth(stats.droppedFrames, total)) : 'ok'} testId="status-dropped" title={t('status.droppedHint')} />
      {on && stats.lagSec !== undefined && stats.lagSec >= 0.5 && (
        <Stat label={t('status.lag')} value={`${stats.lagSec.toFixed(1)} s`} health={stats.lagSec >= 1 ? 'bad' : 'warn'} testId="status-lag" title={t('status.lagHint')} />
      )}
      <Stat label={t('status.duplicated')} value={on ? String(stats.duplicatedFrames) : dash} health={on ? frameLossHealth(stats.duplicatedFrames, total) : 'ok'} testId="status-duplicated" />
      {on && stats.cpuPercent !== undefined && (
        <Stat label={t('status.cpu')} value={`${Math.round(stats.cpuPercent)}%`} health={cpuHealth(stats.cpuPercent)} testId="status-cpu"
          title={stats.rssMb !== undefined ? t('status.cpuHint', { mb: Math.round(stats.rssMb) }) : undefined} />
      )}
      <Stat label={t('status.uptime')} value={on ? formatUptime(stats.uptimeSec * 1000) : dash} testId="status-uptime" />
      <span className="statusbar__spacer" />
      {state.encoder && <Stat label={t('status.encoder')} value={state.encoder.label} />}
      <Stat label={t('status.relay')} value={t(`relay.status.${relay.status}`)} health={relay.status === 'error' ? 'bad' : relay.status === 'running' ? 'ok' : 'warn'} />
      <Stat label={t('status.room')} value={room.connected ? t('status.connected') : t('status.disconnected')} health={room.connected ? 'ok' : 'warn'} />
    </footer>
  );
}
