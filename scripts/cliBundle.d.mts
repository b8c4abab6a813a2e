/** Types of scripts/cliBundle.mjs (tests bundle the command line once and run the bundle). */
export declare const ROOT: string;
export declare const WASM_DIR: string;
export declare function bundleCli(outfile: string): Promise<void>;
