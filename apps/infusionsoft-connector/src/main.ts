import { startConsumers } from '@hub/messaging-nest';
import { createHttpApp, HttpConfig, loadConfig } from '@hub/platform';
import { InfusionsoftConnectorModule } from './app/infusionsoft-connector.module';

/** Health and metrics only: the work arrives over the broker. */
const DEFAULT_PORT = 3005;

async function bootstrap(): Promise<void> {
  const http = loadConfig(HttpConfig);
  const app = await createHttpApp(InfusionsoftConnectorModule.register(), { title: 'infusionsoft-connector' });
  await startConsumers(app);
  await app.listen(http.PORT || DEFAULT_PORT, http.HOST);
}

void bootstrap();
