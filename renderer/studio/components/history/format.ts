/** Dates and coins as the history view shows them, in the reader's language. */
import type { Lang } from '../../../shared/i18n';

const dateTimes = new Map<Lang, Intl.DateTimeFormat>();
export function formatDateTime(lang: Lang, ts: number): string {
  let f = dateTimes.get(lang);
  if (!f) dateTimes.set(lang, f = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }));
  return f.format(ts);
}

export function formatClock(ts: number): string {
  const d = new Date(ts);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}
