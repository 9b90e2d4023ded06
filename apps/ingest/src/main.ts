import { INGEST_HTTP_OPTIONS } from '@hub/ingest-service';
import { startConsumers } from '@hub/messaging-nest';
import { createHttpApp, HttpConfig, loadConfig } from '@hub/platform';
import { IngestModule } from './app/ingest.module';

const DEFAULT_PORT = 3000;

async function bootstrap(): Promise<void> {
  const http = loadConfig(HttpConfig);
  const app = await createHttpApp(IngestModule.register(), { ...INGEST_HTTP_OPTIONS, title: 'ingest — UltraCart webhooks', bodyLimit: http.HTTP_BODY_LIMIT });
  // Only RPC requests (webhook credentials from mapping's config API): ingest consumes no events.
  await startConsumers(app);
  await app.listen(http.PORT || DEFAULT_PORT, http.HOST);
}

void bootstrap();
