export function codecsXmlRpc(): string {
  return 'codecs-xml-rpc';
}
