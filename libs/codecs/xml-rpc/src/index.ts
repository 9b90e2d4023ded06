export * from './lib/codecs-xml-rpc';
