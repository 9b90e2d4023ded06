import { WebhookCredential } from './webhook-credential.entity';
import { Initial1732406400000 } from './1732406400000-initial.migration';
import { WebhookSigning1795478400000 } from './1795478400000-webhook-signing.migration';

export const INGEST_SCHEMA = 'ingest';
export const INGEST_ENTITIES = [WebhookCredential];
export const INGEST_MIGRATIONS = [Initial1732406400000, WebhookSigning1795478400000];
export { WebhookCredential };
