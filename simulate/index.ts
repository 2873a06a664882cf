// `subnetkit/simulate`: run a subnet's simulation from a test and summarise what
// each miner and validator behaviour earned; the dTAO economy model on its own.
export { runSimulation, type SimulationOptions, type SimulationRun } from './engine.ts';
export { summarise, type BehaviourSummary, type EconomyReport, type SimulationReport } from './report.ts';
export { runEconomy, type EconomyConfig, type EconomyInput, type EconomyRun } from './economy/economy.ts';
