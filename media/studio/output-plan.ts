/**
 * The outputs of one live session: the studio's own relay (when it runs) and every enabled
 * destination, each with its publish URL, the URL safe to show, the secrets to hide and its retry
 * cap. What each kind needs comes from its descriptor (common/outputs/).
 */
import { destinationDisplayUrl, destinationPublishUrl, destinationSecrets, redactSecrets, urlSecrets } from '../../common/outputs/registry';
import type { PipelineSettings } from '../../common/pipeline';

export interface PlannedOutput {
  /** "relay" for the embedded relay, else the destination id. */
  id: string;
  name: string;
  /** The publish URL, secrets included. */
  url: string;
  /** The URL with its secrets hidden. */
  display: string;
  secrets: string[];
  /** Longest wait between reconnection attempts, ms. */
  cap: number;
}

export interface RetryCaps {
  /** The local relay comes back quickly after a restart: retry it often. */
  relay?: number | undefined;
  destination?: number | undefined;
}

export function plannedOutputs(settings: Pick<PipelineSettings, 'relayUrl' | 'destinations'>, caps: RetryCaps = {}): PlannedOutput[] {
  const out: PlannedOutput[] = [];
  if (settings.relayUrl) {
    const secrets = urlSecrets(settings.relayUrl);
    out.push({ id: 'relay', name: 'Studio relay', url: settings.relayUrl, display: redactSecrets(settings.relayUrl, secrets), secrets, cap: caps.relay ?? 2000 });
  }
  for (const d of settings.destinations) {
    if (!d.enabled) continue;
    out.push({ id: d.id, name: d.name, url: destinationPublishUrl(d), display: destinationDisplayUrl(d), secrets: destinationSecrets(d), cap: caps.destination ?? 8000 });
  }
  return out;
}
