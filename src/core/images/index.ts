/** The pure image core (no tfjs, no DOM): data, metrics, PNG. */
export * from './imageSet';
export * from './digits16';
export * from './userImages';
export * from './pca';
export * from './nearest';
export * from './pixelFit';
export * from './png';
export * from './classify';
export * from './imageConfig';
export * from './recipe';
