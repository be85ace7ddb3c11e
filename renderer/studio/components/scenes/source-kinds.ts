/** Per-kind presentation of layers: icon, i18n key, and whether resizing keeps the aspect ratio. */
import type { VideoSource } from '../../../../common/studio-api';
import type { MessageKey } from '../../../shared/i18n';
import type { IconName } from '../common/Icon';

type Kind = VideoSource['kind'];

export const KIND_ICON: Record<Kind, IconName> = {
  display: 'screen',
  window: 'window',
  camera: 'camera',
  image: 'image',
  text: 'text',
  'test-pattern': 'pattern',
};

export const KIND_LABEL: Record<Kind, MessageKey> = {
  display: 'source.display',
  window: 'source.window',
  camera: 'source.camera',
  image: 'source.image',
  text: 'source.text',
  'test-pattern': 'source.testPattern',
};

/** Pictures distort when squashed; a text box is just a frame for the text, so it resizes freely. */
export function keepsAspect(kind: Kind): boolean {
  return kind !== 'text';
}
