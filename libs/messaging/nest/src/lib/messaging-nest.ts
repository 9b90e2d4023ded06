export function messagingNest(): string {
  return 'messaging-nest';
}
