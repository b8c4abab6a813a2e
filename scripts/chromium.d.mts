export declare const chromiumPath: string | undefined;
export declare const quietFlags: string[];
