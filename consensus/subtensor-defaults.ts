/**
 * Subtensor's storage defaults for the Yuma hyperparameters of a new subnet
 * (spec 293: Kappa, BondsPenalty, BondsMovingAverage, Yuma3On, LiquidAlphaOn,
 * AlphaValues, AlphaSigmoidSteepness), in the epoch input's JSON form.
 */
export const SUBTENSOR_EPOCH_DEFAULTS = {
  kappa: 32767,
  bonds_penalty: 65535,
  bonds_moving_average: 900_000,
  yuma3: false,
  liquid_alpha: false,
  alpha_low: 45875,
  alpha_high: 58982,
  alpha_sigmoid_steepness: 1000,
} as const;
