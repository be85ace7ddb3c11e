/**
 * A bare hls.js page for the latency bench's plain-HLS measurements (our relay without LL-HLS, and
 * nginx-rtmp): the same hls.js build the viewer page bundles, one <video>, one config for both, so
 * the baseline gets exactly what our plain HLS gets. Query: ?src=<playlist URL>.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** hls.js defaults, i.e. what an ordinary HLS player does: 3 target durations behind the edge. */
export const PLAIN_HLS_CONFIG = { lowLatencyMode: false, liveDurationInfinity: true };

export async function serveHlsPage(root: string): Promise<{ server: Server; origin: string }> {
  const hlsJs = readFileSync(path.join(root, 'node_modules/hls.js/dist/hls.min.js'));
  const html = `<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#000">
<video muted autoplay playsinline style="width:1280px;height:720px"></video>
<script src="/hls.min.js"></script>
<script>
const src = new URLSearchParams(location.search).get('src');
const video = document.querySelector('video');
const hls = new Hls(${JSON.stringify(PLAIN_HLS_CONFIG)});
window.__hls = hls;
hls.loadSource(src);
hls.attachMedia(video);
hls.on(Hls.Events.ERROR, (_e, d) => { if (d.fatal) { console.error('hls fatal', d.details); hls.startLoad(); } });
video.play().catch(() => {});
</script></body></html>`;
  const server = createServer((req, res) => {
    if ((req.url ?? '').startsWith('/hls.min.js')) res.writeHead(200, { 'content-type': 'text/javascript' }).end(hlsJs);
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return { server, origin: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` };
}
