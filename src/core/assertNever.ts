/**
 * The default branch of an exhaustive switch: it type-checks only when every case is handled, so a
 * new message type (or kind) that a switch forgets fails `tsc` instead of being silently ignored.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
