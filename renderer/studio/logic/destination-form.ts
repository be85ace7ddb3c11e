/**
 * The destination form's rules, from the output kind's descriptor (common/outputs/): which fields,
 * what a typed URL must start with, and the destination a filled-in form becomes. Pure, so the form
 * works the same for every kind and is unit-tested without a browser.
 */
import type { OutputField, OutputKind } from '../../../common/outputs/kind';
import type { Destination } from '../../../common/studio-api';
import { uniqueId } from './scene-edit';

/** "rtmp://, rtmps://": the schemes a URL field accepts. */
export function protocolList(kind: OutputKind): string {
  return kind.protocols.map((p) => `${p}://`).join(', ');
}

/** True when a URL field's value is typed but does not start with one of the kind's schemes. */
export function urlLooksWrong(kind: OutputKind, field: OutputField, value: string): boolean {
  const v = value.trim().toLowerCase();
  return field.input === 'url' && v !== '' && !kind.protocols.some((p) => v.startsWith(`${p}://`));
}

/** Every required field filled in. */
export function formComplete(kind: OutputKind, values: Record<string, string>): boolean {
  return kind.fields.every((f) => !f.required || (values[f.key] ?? '').trim() !== '');
}

/** The new destination: named after the server's host when no name is given; the core validates the rest. */
export function destinationFromForm(kind: OutputKind, name: string, values: Record<string, string>, existing: readonly Destination[]): Destination {
  const settings = Object.fromEntries(kind.fields.map((f) => [f.key, (values[f.key] ?? '').trim()]));
  const url = kind.fields.find((f) => f.input === 'url');
  const host = url ? (settings[url.key] ?? '').replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/:?#]/)[0] : '';
  const n = name.trim() || host || kind.id;
  return { id: uniqueId(n, existing.map((d) => d.id)), name: n, kind: kind.id, enabled: true, ...settings } as Destination;
}
