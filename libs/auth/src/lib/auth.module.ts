import { DynamicModule, Module } from '@nestjs/common';
import { MessagePublisher } from '@hub/messaging-nest';
import { loadConfig } from '@hub/platform';
import { AuthConfig } from './auth.config';
import { HubAuthGuard } from './hub-auth.guard';
import { TokenAuthenticator } from './token-authenticator';

/**
 * Bearer-token authentication for any service's HTTP API, answered by mapping over RPC.
 * Needs `MessagingModule.forRoot(...)` in the app (for the publisher). Then put
 * `@UseGuards(HubAuthGuard)` on a controller and `@Roles(...)` on its handlers.
 */
@Module({})
export class AuthModule {
  static forRoot(overrides: Partial<AuthConfig> = {}): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        {
          provide: TokenAuthenticator,
          inject: [MessagePublisher],
          useFactory: (publisher: MessagePublisher) => {
            const config = Object.assign(loadConfig(AuthConfig), overrides);
            return new TokenAuthenticator(publisher, { cacheMs: config.AUTH_CACHE_SECONDS * 1000, maxEntries: config.AUTH_CACHE_MAX_ENTRIES });
          },
        },
        HubAuthGuard,
      ],
      exports: [TokenAuthenticator, HubAuthGuard],
    };
  }
}
