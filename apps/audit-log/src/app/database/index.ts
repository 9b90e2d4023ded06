import { Initial1732406400000 } from './1732406400000-initial.migration';

export const AUDIT_SCHEMA = 'audit';
export const AUDIT_ENTITIES = [];
export const AUDIT_MIGRATIONS = [Initial1732406400000];
