export interface InfusionsoftPlannedCommand<T = unknown> {
  routingKey: string;
  payload: T;
  /** Why this command is sent: shown by the preview and in the logs. */
  reason: string;
}

/** The same shape as the other planners' `Plan`, plus warnings for the merchant's log. */
export interface InfusionsoftPlan {
  commands: InfusionsoftPlannedCommand[];
  skipped: Array<{ integration: 'infusionsoft'; reason: string }>;
  warnings: string[];
}

export const skip = (reason: string, warnings: string[] = []): InfusionsoftPlan => ({
  commands: [],
  skipped: [{ integration: 'infusionsoft', reason }],
  warnings,
});

export const send = (command: InfusionsoftPlannedCommand, warnings: string[] = []): InfusionsoftPlan => ({
  commands: [command],
  skipped: [],
  warnings,
});

export function notEnabled(settings: { enabled: boolean } | undefined): InfusionsoftPlan {
  return skip(settings ? 'Infusionsoft is disabled by the merchant' : 'Infusionsoft is not configured for this merchant');
}

/** Keeps the first occurrence of each value, in order. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}
