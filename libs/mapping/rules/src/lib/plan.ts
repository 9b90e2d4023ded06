export interface PlannedCommand<T = unknown> {
  routingKey: string;
  payload: T;
  /** Why this command is sent: shown by the preview and in the logs. */
  reason: string;
}

export interface SkippedIntegration {
  integration: string;
  reason: string;
}

export interface Plan {
  commands: PlannedCommand[];
  skipped: SkippedIntegration[];
}
