export function codecsOntraportXml(): string {
  return 'codecs-ontraport-xml';
}
