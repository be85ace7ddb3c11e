/** Number formatting for the studio's readouts: uptime, bitrate, levels. Language-neutral on purpose. */

/** 65_000 → "1:05", 3_725_000 → "1:02:05". */
export function formatUptime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** kbit/s → "850 kb/s" or "6.2 Mb/s". */
export function formatBitrate(kbps: number): string {
  if (!Number.isFinite(kbps) || kbps < 0) return '–';
  if (kbps >= 1000) return `${(kbps / 1000).toFixed(1)} Mb/s`;
  return `${Math.round(kbps)} kb/s`;
}

/** The level meter's floor: quieter than this draws as silence. */
export const METER_FLOOR_DB = -60;

/** dBFS (≤ 0) → 0..1 along the meter, linear in dB as broadcast meters are. */
export function dbToMeter(db: number, floor = METER_FLOOR_DB): number {
  if (!Number.isFinite(db)) return 0;
  return Math.min(1, Math.max(0, (db - floor) / -floor));
}

/** Slider position 0..1 ↔ linear gain 0..1 use a cubic curve, so the useful range gets most of the travel. */
export function sliderToGain(p: number): number {
  const c = Math.min(1, Math.max(0, p));
  return c * c * c;
}

export function gainToSlider(g: number): number {
  return Math.cbrt(Math.min(1, Math.max(0, g)));
}

export function gainToDb(g: number): number {
  return g <= 0 ? -Infinity : 20 * Math.log10(g);
}

export function formatDb(db: number): string {
  if (!Number.isFinite(db)) return '-∞ dB';
  return `${db.toFixed(1)} dB`;
}

/** 12345 → "1.2万" (zh) / "12.3K" (en): compact counters in the top bar and feeds. */
const compactFormats = new Map<string, Intl.NumberFormat>();
export function formatCompact(n: number, lang: string): string {
  // constructing a NumberFormat is costly and the counters update every frame under load
  let f = compactFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 });
    compactFormats.set(lang, f);
  }
  return f.format(n);
}
