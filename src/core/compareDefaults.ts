/** Defaults of the compare view's likelihood models (the CLI and scene files use the same). */
export const DEFAULT_CNF_STEPS = 8;
export const DEFAULT_COUPLINGS = 8;
