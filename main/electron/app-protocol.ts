/**
 * Serves dist/web under app://studio/ instead of file://: a real origin (so 'self' in the CSP and the
 * IPC sender check mean exactly our pages) and a place to attach the CSP header to every page.
 */
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { sessionIdOfMediaPath } from '../../common/history';
import { resolveStatic } from '../bridge/static';
import type { RecordingMedia } from '../replay/recording-media';
import { recordingResponse } from '../replay/web-response';
import { buildCsp } from '../studio/csp';
import { APP_HOST, APP_SCHEME } from './ipc-guard';

/** Must run before app "ready". */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** `recordings`: sessions' recordings for the replay player at app://studio/media/recordings/<room>/<seq>. */
export function serveAppScheme(webRoot: string, relayOrigins: () => string[], recordings?: RecordingMedia): void {
  protocol.handle(APP_SCHEME, async (req) => {
    const url = new URL(req.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    // Only recordings of sessions in the history, found by session id: the page never names a path.
    const replayOf = sessionIdOfMediaPath(url.pathname);
    if (replayOf && recordings) return recordingResponse(recordings, replayOf, req);
    const file = resolveStatic(webRoot, url.pathname);
    if (!file) return new Response(`Not found: ${url.pathname}`, { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    if (file.endsWith('.html')) headers.set('content-security-policy', buildCsp({ relayOrigins: relayOrigins() }));
    headers.set('x-content-type-options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}
