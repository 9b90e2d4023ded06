import { Initial1732406400000 } from './1732406400000-initial.migration';
import { CommandClaims1732492800000 } from './1732492800000-command-claims.migration';
import { RateRefundsFeed1795600000000 } from './1795600000000-rate-refunds-feed.migration';
import { RateReservations1795700000000 } from './1795700000000-rate-reservations.migration';
import { RateSlotsInFlight1795800000000 } from './1795800000000-rate-slots-in-flight.migration';
import { CommandClaimOwners1795900000000 } from './1795900000000-claim-owners.migration';
import { RateSlotOneScan1796000000000 } from './1796000000000-rate-slot-one-scan.migration';

export const ONTRAPORT_SCHEMA = 'ontraport';
export const ONTRAPORT_ENTITIES = [];
export const ONTRAPORT_MIGRATIONS = [Initial1732406400000, CommandClaims1732492800000, RateRefundsFeed1795600000000, RateReservations1795700000000, RateSlotsInFlight1795800000000, CommandClaimOwners1795900000000, RateSlotOneScan1796000000000];
