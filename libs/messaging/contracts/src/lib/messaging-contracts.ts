export function messagingContracts(): string {
  return 'messaging-contracts';
}
