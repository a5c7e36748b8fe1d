/**
 * Copying text from the cockpit: the async Clipboard API when the browser allows it, else the old way (select the
 * text in a textarea and `document.execCommand('copy')`), which works on plain http and in older browsers.
 */

export type CopyResult = 'clipboard' | 'selection' | 'failed';

/**
 * Copies `text`; `buffer` is a textarea kept in the page for the fallback (it is left holding the text, so it can
 * still be copied by hand when both ways fail). Example: `await copyText(md, bufferRef.current)` → 'clipboard'.
 */
export async function copyText(text: string, buffer: HTMLTextAreaElement | null): Promise<CopyResult> {
  if (buffer) buffer.value = text;
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return 'clipboard';
    }
  } catch {
    // refused (no permission, no focus): fall back to a selection
  }
  if (!buffer) return 'failed';
  const focused = document.activeElement as HTMLElement | null;
  buffer.focus();
  buffer.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  focused?.focus();
  return ok ? 'selection' : 'failed';
}
