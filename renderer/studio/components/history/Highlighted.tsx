/** Text with its search matches marked (React text only: viewer text never becomes HTML). */
import { splitHighlights, type TextRange } from '../../../../common/history';

export function Highlighted({ text, ranges }: { text: string; ranges: readonly TextRange[] }) {
  if (ranges.length === 0) return <>{text}</>;
  return <>{splitHighlights(text, ranges).map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}
