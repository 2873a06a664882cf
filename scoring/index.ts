// `subnetkit/scoring`: what a subnet's own modules (challenge generator, miner
// handler, custom rules) are written against.
export { challengeSeed, SeededRng, type ChallengeContext, type ChallengeGenerator, type GeneratedChallenge, type MinerHandler } from './challenge.ts';
export type { Challenge, MinerResponse, ResponseStatus, RuleContext, ScoringItem, ScoringRule } from './rule.ts';
export type { ScoringRuntime } from './onnx/runtime.ts';
