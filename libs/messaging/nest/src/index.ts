export * from './lib/messaging-nest';
