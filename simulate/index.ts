// `subnetkit/simulate`: run a subnet's simulation from a test and summarise what
// each miner and validator behaviour earned.
export { runSimulation, type SimulationOptions, type SimulationRun } from './engine.ts';
export { summarise, type BehaviourSummary, type SimulationReport } from './report.ts';
