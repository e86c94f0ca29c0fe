/**
 * Shows an error in the page's `#error` element and the console, and keeps the first one in `state.error` (read by
 * the browser tests: a later error must not hide the cause).
 */
export function showError(state: { error: string | null }, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  state.error ??= message;
  const element = document.getElementById('error');
  if (element) element.textContent = message;
  console.error(error);
}
