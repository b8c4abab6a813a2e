/** The stage's layers: which ones a user (or a lesson) shows. */

/** The layers a scene file or link stores. */
export interface SceneLayers {
  clouds: boolean;
  particles: boolean;
  trails: boolean;
  field: boolean;
}

/** The stage's layers: a scene's, plus a sample of training pairs (the lessons' layer, never saved). */
export interface Layers extends SceneLayers {
  pairs: boolean;
}

export const DEFAULT_SCENE_LAYERS: Readonly<SceneLayers> = { clouds: true, particles: true, trails: true, field: true };
export const DEFAULT_LAYERS: Readonly<Layers> = { ...DEFAULT_SCENE_LAYERS, pairs: false };
