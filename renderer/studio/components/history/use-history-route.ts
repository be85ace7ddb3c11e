/** The history view's place, kept in the URL hash (back button, reload and tests land on the same page). */
import { useCallback, useEffect, useState } from 'react';
import { historyHash, parseHistoryHash, type HistoryRoute } from '../../logic/history-view';

export function useHistoryRoute(): [HistoryRoute | null, (r: HistoryRoute | null) => void] {
  const [route, setRoute] = useState(() => parseHistoryHash(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseHistoryHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const navigate = useCallback((r: HistoryRoute | null) => {
    const hash = r ? historyHash(r) : '';
    if (hash) location.hash = hash;
    else history.pushState(null, '', location.pathname + location.search);
    setRoute(r);
  }, []);
  return [route, navigate];
}
