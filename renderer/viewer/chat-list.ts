/**
 * The chat column: a capped list (the newest `cap` lines), which keeps the DOM small without the
 * complexity of virtualization. Everything from viewers goes in through textContent, never HTML.
 * Sticks to the bottom unless the reader scrolled up to read.
 */
/** The words of a line: its text and role badge (主播/Host, 房管/Mod, 系统/System, from the hub's role, never from the name). */
export interface ChatWords {
  text: string;
  badge?: { kind: 'owner' | 'moderator' | 'system'; label: string } | null;
}

interface ChatLineBase {
  seq: number;
  name?: string;
  color?: string;
  kind: 'danmaku' | 'gift' | 'like' | 'enter' | 'system';
}

/**
 * Either fixed words, or `localise`, which renders them in the page's current language (system lines
 * from code + params, gift/enter lines, badges) and is called again by `relocalise` when the reader
 * switches language. A viewer's own words are never translated, only their badge.
 */
export type ChatLine = ChatLineBase & ((ChatWords & { localise?: undefined }) | { localise: () => ChatWords; text?: undefined; badge?: undefined });

export class ChatList {
  readonly el: HTMLElement;
  private count = 0;
  private localisers = new WeakMap<Element, () => ChatWords>();

  constructor(private cap = 200) {
    this.el = document.createElement('ol');
    this.el.className = 'chat-list';
    this.el.setAttribute('aria-live', 'polite');
  }

  add(input: ChatLine): void {
    const words: ChatWords = input.localise ? input.localise() : input;
    const line = { ...input, ...words };
    const atBottom = this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < 40;
    const li = document.createElement('li');
    li.className = `chat-line chat-${line.kind}`;
    li.dataset.seq = String(line.seq);
    if (line.badge) {
      const badge = document.createElement('span');
      badge.className = `chat-badge chat-badge--${line.badge.kind}`;
      badge.dataset.roleBadge = line.badge.kind;
      badge.textContent = line.badge.label;
      li.appendChild(badge);
    }
    if (line.name) {
      const who = document.createElement('span');
      who.className = 'chat-name';
      who.textContent = line.name;
      li.appendChild(who);
    }
    const text = document.createElement('span');
    text.className = 'chat-text';
    text.textContent = line.text;
    if (line.color && line.color.toLowerCase() !== '#ffffff') text.style.color = line.color;
    li.appendChild(text);
    if (input.localise) this.localisers.set(li, input.localise);
    this.insertInOrder(li, line.seq);
    this.count++;
    while (this.count > this.cap && this.el.firstChild) {
      this.el.firstChild.remove();
      this.count--;
    }
    if (atBottom) this.el.scrollTop = this.el.scrollHeight;
  }

  /** A moderator removed a message. */
  remove(seq: number): void {
    const li = this.el.querySelector(`[data-seq="${seq}"]`);
    if (li) {
      li.remove();
      this.count--;
    }
  }

  /** The reader switched language: lines already shown are rendered again in it. */
  relocalise(): void {
    for (const li of this.el.children) {
      const fn = this.localisers.get(li);
      if (!fn) continue;
      const { text, badge } = fn();
      const textEl = li.querySelector('.chat-text');
      if (textEl) textEl.textContent = text;
      const badgeEl = li.querySelector('.chat-badge');
      if (badgeEl && badge) badgeEl.textContent = badge.label;
    }
  }

  /** History replies can arrive after newer live events: keep the list in seq order. */
  private insertInOrder(li: HTMLElement, seq: number): void {
    let after = this.el.lastElementChild as HTMLElement | null;
    while (after && Number(after.dataset.seq) > seq) after = after.previousElementSibling as HTMLElement | null;
    if (after) after.after(li);
    else this.el.prepend(li);
  }
}
