/**
 * The closed-form marginal velocity of the straight path between isotropic Gaussians
 * N(m0, s0^2 I) -> N(m1, s1^2 I) with independent pairs:
 *   u_t(x) = (m1 - m0) + ((t s1^2 - (1 - t) s0^2) / S_t^2) (x - m_t),
 *   m_t = (1 - t) m0 + t m1,  S_t^2 = (1 - t)^2 s0^2 + t^2 s1^2.
 * A trained model should approach it; tests integrate it as a ground truth.
 */
export interface IsoGaussian {
  mean: [number, number];
  std: number;
}

export function gaussianMarginalVelocity(src: IsoGaussian, tgt: IsoGaussian, t: number, x: number, y: number, out: [number, number]): void {
  const s0 = src.std * src.std;
  const s1 = tgt.std * tgt.std;
  const mx = (1 - t) * src.mean[0] + t * tgt.mean[0];
  const my = (1 - t) * src.mean[1] + t * tgt.mean[1];
  const St2 = (1 - t) * (1 - t) * s0 + t * t * s1;
  const k = St2 > 0 ? (t * s1 - (1 - t) * s0) / St2 : 0;
  out[0] = tgt.mean[0] - src.mean[0] + k * (x - mx);
  out[1] = tgt.mean[1] - src.mean[1] + k * (y - my);
}

/** Mean and std of the marginal at time t. */
export function gaussianMarginalAt(src: IsoGaussian, tgt: IsoGaussian, t: number): IsoGaussian {
  return {
    mean: [(1 - t) * src.mean[0] + t * tgt.mean[0], (1 - t) * src.mean[1] + t * tgt.mean[1]],
    std: Math.sqrt((1 - t) * (1 - t) * src.std * src.std + t * t * tgt.std * tgt.std),
  };
}
