import { Initial1732406400000 } from './1732406400000-initial.migration';
import { PartitionedTransmissions1795600000000 } from './1795600000000-partitioned-transmissions.migration';

export const AUDIT_SCHEMA = 'audit';
export const AUDIT_ENTITIES = [];
export const AUDIT_MIGRATIONS = [Initial1732406400000, PartitionedTransmissions1795600000000];
