/**
 * The core refuses a settings patch with issues like "output.video.width: Resolution 1281x720 has an
 * odd side ..."; this splits them by field so each message shows next to its input.
 */
export function issuesByField(issues: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of issues) {
    const m = /^([\w.]+): (.*)$/s.exec(line);
    const field = m ? m[1]!.split('.').pop()! : '';
    const msg = m ? m[2]! : line;
    out.set(field, [...(out.get(field) ?? []), msg]);
  }
  return out;
}
