/**
 * Formats a number for an error message: integers keep one decimal (`2.0`) so times read as times, other values
 * print in full (`1.5`, `NaN`, `Infinity`).
 *
 * @internal
 */
export function formatNumber(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e15 ? value.toFixed(1) : String(value);
}
