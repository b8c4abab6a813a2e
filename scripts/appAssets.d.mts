export declare function reachableAssets(dist: string, entries: readonly string[], assetsDir?: string): Set<string>;
