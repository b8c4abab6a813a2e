/**
 * Trainer options that depend on the backend, shared by the app's worker and the command line so
 * that both run the same code with the same numbers.
 */

/** wasm and cpu are ~10x slower on transposed matMuls: transpose with its own kernel there. */
export function explicitTransposeFor(backend: string | null | undefined): boolean {
  return backend === 'wasm' || backend === 'cpu';
}
