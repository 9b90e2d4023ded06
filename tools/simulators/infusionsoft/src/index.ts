export {
  DEFAULT_APP,
  startInfusionsoftSimulator,
  validateSwitches,
  type InfusionsoftSimulator,
  type InfusionsoftSimulatorOptions,
  type SimAppInput,
  type SimCallStats,
  type SimSwitches,
} from './lib/infusionsoft-simulator.server';
export type { SimApp } from './lib/sim-methods';
export type { Row } from './lib/sim-tables';
export { startSmtpSink, type SmtpSink, type SunkMail } from './lib/smtp-sink';
