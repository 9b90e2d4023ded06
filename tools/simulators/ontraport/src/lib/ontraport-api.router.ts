import type { ApiHandler } from './api-handler.types';
import { parseRequestParams } from './api-params';
import {
  addTags,
  addTagsByName,
  createContactHandler,
  getContact,
  getContactIdByEmail,
  listContacts,
  removeTags,
  removeTagsByName,
  saveOrUpdateContact,
  saveOrUpdateObject,
  updateContactHandler,
} from './contacts.handler';
import { OntraportApiError, badRequest, notFound } from './ontraport-api.error';
import type { OntraportAccountStore } from './ontraport-store';
import { createProduct, deleteProduct, getProduct, listProducts, updateProduct } from './products.handler';
import { getTransaction, listPurchases, listTransactions, processManual, refundTransactions } from './transactions.handler';

/** Generic `GET /1/object?objectID=N&id=M` for the object types the simulator holds. */
const getObject: ApiHandler = (ctx) => {
  const objectId = String(ctx.params['objectID'] ?? '');
  const byType: Record<string, ApiHandler> = { '0': getContact, '16': getProduct, '46': getTransaction };
  const handler = byType[objectId];
  if (!handler)
    throw badRequest(objectId === '' ? 'Missing required parameter: objectID' : `Unsupported objectID ${objectId}`);
  return handler(ctx);
};

/** Paths are matched exactly as the official SDK spells them (note the lowercase `transaction/`). */
const ROUTES: Record<string, ApiHandler> = {
  'POST /1/Contacts/saveorupdate': saveOrUpdateContact,
  'POST /1/objects/saveorupdate': saveOrUpdateObject,
  'POST /1/Contacts': createContactHandler,
  'PUT /1/Contacts': updateContactHandler,
  'GET /1/Contact': getContact,
  'GET /1/Contacts': listContacts,
  'GET /1/object': getObject,
  'GET /1/object/getByEmail': getContactIdByEmail,
  'PUT /1/objects/tag': addTags,
  'DELETE /1/objects/tag': removeTags,
  'PUT /1/objects/tagByName': addTagsByName,
  'DELETE /1/objects/tagByName': removeTagsByName,
  'GET /1/Purchases': listPurchases,
  'GET /1/Products': listProducts,
  'POST /1/Products': createProduct,
  'PUT /1/Products': updateProduct,
  'GET /1/Product': getProduct,
  'DELETE /1/Product': deleteProduct,
  'POST /1/transaction/processManual': processManual,
  'PUT /1/transaction/refund': refundTransactions,
  'GET /1/Transaction': getTransaction,
  'GET /1/Transactions': listTransactions,
};

export interface ApiRequest {
  store: OntraportAccountStore;
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  contentType: string;
  /** Epoch milliseconds. */
  now: number;
}

export type ApiReply = { status: number; kind: 'json'; body: unknown } | { status: number; kind: 'text'; body: string };

export function routeApiRequest(request: ApiRequest): ApiReply {
  const path = request.path.length > 1 ? request.path.replace(/\/+$/, '') : request.path;
  const handler = ROUTES[`${request.method} ${path}`];
  try {
    if (!handler) throw notFound();
    const params = parseRequestParams(request.query, request.body, request.contentType);
    const result = handler({ store: request.store, params, now: request.now });
    const envelope: Record<string, unknown> = { code: 0 };
    if (result.data !== undefined) envelope['data'] = result.data;
    envelope['account_id'] = request.store.accountId;
    if (result.list) envelope['misc'] = [];
    return { status: 200, kind: 'json', body: envelope };
  } catch (error) {
    if (error instanceof OntraportApiError) return { status: error.status, kind: 'text', body: error.message };
    throw error;
  }
}
