/**
 * `@corelab/coretime-pricing`: the "Initial Coretime Pricing" proposal (Polkadot forum thread
 * 5187) as an exact, parameterised model: the validator-reward and infrastructure-cost approaches,
 * the registration opportunity cost, on-demand at 2× bulk; the reproduction of every figure the
 * proposal prints; and the conversion of a price into a coretime preset's `start_sales` end price
 * and on-demand base fee. A model (lint tag `type:lib`), not a pallet. See README.md.
 */
export { Rational, rat, type RoundingMode } from "./rational.ts";
export {
  DOT,
  KSM,
  INPUT_SETS,
  KUSAMA_ERAS_PER_DAY,
  KUSAMA_INPUTS,
  KUSAMA_POST24_INPUTS,
  POLKADOT_INPUTS,
  PROPOSAL_CONVENTIONS,
  bandwidthCost,
  bandwidthSenders,
  computeCost,
  computeCoretimePricing,
  opportunityCost,
  toUsd,
  validatorApproach,
  withConventions,
  withInputs,
  type PricingConventions,
  type PricingInputs,
  type PricingResult,
  type TokenUnit,
} from "./model.ts";
export {
  FIGURES,
  commonDiscount,
  matchesStated,
  reproduceFigure,
  reproductionTable,
  type Figure,
  type FigureAlternative,
  type FigureRow,
  type FigureStatus,
} from "./figures.ts";
export {
  PRICE_CHOICES,
  PRICING_TARGETS,
  formatPlanck,
  saleEndPrice,
  scenarioSnippet,
  toPresetPricing,
  type PresetPricing,
  type PresetPricingOptions,
  type PriceChoice,
  type PricingTarget,
  type RegionPricing,
} from "./preset.ts";
