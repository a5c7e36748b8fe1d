/** `useInView()`: a ref and whether its element has come near the viewport (once true, stays true). */
import { useEffect, useRef, useState, type RefObject } from 'react';

/** `margin`: how far outside the viewport counts as near, as CSS (default one screen below). */
export function useInView<T extends Element>(margin = '0px 0px 100% 0px'): [RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || seen) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setSeen(true);
        io.disconnect();
      }
    }, { rootMargin: margin });
    io.observe(el);
    return () => io.disconnect();
  }, [seen, margin]);
  return [ref, seen];
}
