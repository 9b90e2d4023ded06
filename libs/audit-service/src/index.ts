export * from './lib/database';
export { Initial1732406400000 } from './lib/database/1732406400000-initial.migration';
export * from './lib/audit.config';
export * from './lib/audit-service.module';
export { PartitionMaintainer } from './lib/transmissions/partition.maintainer';
export { TransmissionStore } from './lib/transmissions/transmission.store';
export type { ParkedCommand } from './lib/replay/replay.service';
