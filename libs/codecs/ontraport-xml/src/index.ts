export * from './lib/codecs-ontraport-xml';
