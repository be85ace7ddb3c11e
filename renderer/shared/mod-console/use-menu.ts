/**
 * A context menu's behaviour, shared by the console's and the studio feed's menus: focus the first
 * item, close on Escape, on a press outside and when the window loses focus; each item closes it.
 */
import { useCallback, useEffect, useRef } from 'react';

export function useContextMenu(onClose: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const close = (ev: Event) => {
      if (ev instanceof KeyboardEvent && ev.key !== 'Escape') return;
      if (ev instanceof PointerEvent && ref.current?.contains(ev.target as Node)) return;
      onClose();
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    window.addEventListener('blur', onClose);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
      window.removeEventListener('blur', onClose);
    };
  }, [onClose]);
  /** Wraps a menu item's action so that it also closes the menu. */
  const act = useCallback((fn: () => void) => () => { fn(); onClose(); }, [onClose]);
  return { ref, act };
}
