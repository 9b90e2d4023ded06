export * from './infusionsoft-settings';
export * from './infusionsoft-keys';
export type { InfusionsoftPlan, InfusionsoftPlannedCommand } from './infusionsoft-plan';
export * from './plan-infusionsoft-order';
export * from './plan-infusionsoft-events';
