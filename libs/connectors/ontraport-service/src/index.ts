export * from './lib/database';
export * from './lib/commands/commands.module';
export * from './lib/commands/sale.service';
