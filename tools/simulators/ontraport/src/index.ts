export { startOntraportSimulator } from './lib/ontraport-simulator.server';
export { readSimulatorEnv } from './lib/simulator-env.config';
export type {
  OntraportSimulator,
  OntraportSimulatorOptions,
  SimAccountState,
  SimContact,
  SimCounters,
  SimProduct,
  SimRequestRecord,
  SimTransaction,
  SimTransactionLine,
  SimTransactionStatus,
  SimulatorAccountInput,
  SimulatorConfig,
  SimulatorState,
  SimulatorSwitches,
} from './lib/ontraport-simulator.types';
