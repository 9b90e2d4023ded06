import { InfusionsoftInitial1732700000000 } from './1732700000000-initial.migration';
import { InfusionsoftNameClaims1732700100000 } from './1732700100000-name-claims.migration';
import { InfusionsoftClaimOwners1732700200000 } from './1732700200000-claim-owners.migration';

export const INFUSIONSOFT_SCHEMA = 'infusionsoft';
export const INFUSIONSOFT_ENTITIES = [];
export const INFUSIONSOFT_MIGRATIONS = [InfusionsoftInitial1732700000000, InfusionsoftNameClaims1732700100000, InfusionsoftClaimOwners1732700200000];
