/**
 * Which encoders the settings dialog lists: working ones first (x264 at the top), then the hardware
 * encoders this build or OS could have, greyed with the probe's reason. Encoders for another OS are
 * left out (a VideoToolbox entry on Linux is noise), unless it is the one saved in the settings.
 */
import type { EncoderOption } from '../../../../common/studio-api';

const OTHER_OS = /operating system/i;

export function encoderChoices(probed: readonly EncoderOption[], current: EncoderOption['id']): EncoderOption[] {
  const shown = probed.filter((e) => e.working || e.id === current || !OTHER_OS.test(e.reason ?? ''));
  const rank = (e: EncoderOption) => (e.id === 'x264' ? 0 : e.working ? 1 : 2);
  return [...shown].sort((a, b) => rank(a) - rank(b));
}
