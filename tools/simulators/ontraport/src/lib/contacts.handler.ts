import { type ApiHandler, epochSeconds } from './api-handler.types';
import { type ApiParams, type WireRecord, idList, listPage, optionalText, requiredId, toFieldText } from './api-params';
import { INVALID_EMAIL, OntraportApiError, badRequest, notFound } from './ontraport-api.error';
import type { OntraportAccountStore } from './ontraport-store';
import type { SimContact } from './ontraport-simulator.types';

const CONTACT_OBJECT_ID = 0;
const DEFAULT_OWNER = 1;
/** Parameters that address the call rather than describe the contact. */
const ADDRESSING_KEYS = new Set(['id', 'objectID']);
/** Fields kept in their own SimContact properties (everything else goes to `fields`). */
const BUILT_IN_KEYS = new Set(['email', 'firstname', 'lastname', 'owner', 'contact_cat', 'date', 'dlm']);
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The text ONTRAPORT's asynchronous tag endpoint answers with [UNCONFIRMED]. */
export const TAG_PROCESSING = 'The tag is now being processed.';

function assertEmail(email: string): void {
  if (!EMAIL_PATTERN.test(email.trim())) throw new OntraportApiError(422, INVALID_EMAIL);
}

function postedFields(params: ApiParams): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (!ADDRESSING_KEYS.has(key)) fields[key] = toFieldText(value);
  }
  return fields;
}

function parseOwner(value: string): number {
  const owner = Number(value);
  if (!Number.isInteger(owner) || owner < 0) throw badRequest('Invalid owner');
  return owner;
}

/** Tags live in `contact_cat` as `*\/*1*\/*2*\/*`; a plain comma list is accepted too. */
export function parseTags(value: string): number[] {
  const ids = value
    .split(/\*\/\*|,/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(Number);
  if (!ids.every((id) => Number.isInteger(id) && id > 0)) throw badRequest('Invalid contact_cat');
  return [...new Set(ids)];
}

export function formatTags(tags: number[]): string {
  return tags.length === 0 ? '' : `*/*${tags.join('*/*')}*/*`;
}

function fieldOf(contact: SimContact, key: string): string {
  switch (key) {
    case 'email':
      return contact.email;
    case 'firstname':
      return contact.firstname;
    case 'lastname':
      return contact.lastname;
    case 'owner':
      return String(contact.owner);
    case 'contact_cat':
      return formatTags(contact.tags);
    default:
      return contact.fields[key] ?? '';
  }
}

export function contactToWire(contact: SimContact): WireRecord {
  const record: Record<string, string> = {
    id: String(contact.id),
    owner: String(contact.owner),
    firstname: contact.firstname,
    lastname: contact.lastname,
    email: contact.email,
    ...contact.fields,
    contact_cat: formatTags(contact.tags),
    date: String(contact.date),
    dlm: String(contact.dlm),
  };
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v === '' ? null : v]));
}

/** Create shape: the posted fields echoed back plus `id` and `owner` (OP-SDK-T mock). */
function createContact(store: OntraportAccountStore, fields: Record<string, string>, now: number): WireRecord {
  const email = fields['email'] ?? '';
  if (email !== '') assertEmail(email);
  const owner = fields['owner'] !== undefined && fields['owner'] !== '' ? parseOwner(fields['owner']) : DEFAULT_OWNER;
  const tags = fields['contact_cat'] ? parseTags(fields['contact_cat']) : [];
  const extra = Object.fromEntries(Object.entries(fields).filter(([key]) => !BUILT_IN_KEYS.has(key)));
  const contact = store.addContact({
    email: email.trim(),
    firstname: fields['firstname'] ?? '',
    lastname: fields['lastname'] ?? '',
    owner,
    tags,
    fields: extra,
    date: epochSeconds(now),
    dlm: epochSeconds(now),
  });
  return { ...fields, id: String(contact.id), owner: String(contact.owner) };
}

/** Update shape: only the changed attributes, plus `dlm` and `id`, inside `attrs`. */
function updateContact(contact: SimContact, fields: Record<string, string>, now: number): { attrs: WireRecord } {
  const changed: Record<string, string> = {};
  for (const [key, posted] of Object.entries(fields)) {
    const value = key === 'contact_cat' ? formatTags(parseTags(posted)) : posted;
    if (key === 'date' || key === 'dlm' || fieldOf(contact, key) === value) continue;
    if (key === 'email' && value !== '') assertEmail(value);
    changed[key] = value;
  }
  // Validate everything before changing anything, so a refused update leaves the contact as it was.
  const owner = changed['owner'] !== undefined ? parseOwner(changed['owner']) : contact.owner;
  const tags = changed['contact_cat'] !== undefined ? parseTags(changed['contact_cat']) : contact.tags;
  for (const [key, value] of Object.entries(changed)) {
    if (key === 'email') contact.email = value.trim();
    else if (key === 'firstname') contact.firstname = value;
    else if (key === 'lastname') contact.lastname = value;
    else if (!BUILT_IN_KEYS.has(key)) contact.fields[key] = value;
  }
  contact.owner = owner;
  contact.tags = tags;
  if (Object.keys(changed).length > 0) contact.dlm = epochSeconds(now);
  return { attrs: { ...changed, dlm: String(contact.dlm), id: String(contact.id) } };
}

function assertContactObject(params: ApiParams): void {
  const objectId = optionalText(params, 'objectID');
  if (objectId === undefined) throw badRequest('Missing required parameter: objectID');
  if (Number(objectId) !== CONTACT_OBJECT_ID) throw badRequest(`Unsupported objectID ${objectId}`);
}

export const saveOrUpdateContact: ApiHandler = ({ store, params, now }) => {
  const fields = postedFields(params);
  const email = fields['email'] ?? '';
  assertEmail(email);
  const existing = store.findContactByEmail(email);
  return { data: existing ? updateContact(existing, fields, now) : createContact(store, fields, now) };
};

export const saveOrUpdateObject: ApiHandler = (ctx) => {
  assertContactObject(ctx.params);
  return saveOrUpdateContact(ctx);
};

export const createContactHandler: ApiHandler = ({ store, params, now }) => ({
  data: createContact(store, postedFields(params), now),
});

export const updateContactHandler: ApiHandler = ({ store, params, now }) => {
  const contact = store.contacts.get(requiredId(params));
  if (!contact) throw notFound();
  return { data: updateContact(contact, postedFields(params), now) };
};

export const getContact: ApiHandler = ({ store, params }) => {
  const contact = store.contacts.get(requiredId(params));
  if (!contact) throw notFound();
  return { data: contactToWire(contact) };
};

export const listContacts: ApiHandler = ({ store, params }) => ({
  data: listPage([...store.contacts.values()].map(contactToWire), params),
  list: true,
});

/** Unknown and invalid emails both answer 404 since 2022-04-13 (OP-AE changelog). */
export const getContactIdByEmail: ApiHandler = ({ store, params }) => {
  assertContactObject(params);
  const contact = store.findContactByEmail(optionalText(params, 'email') ?? '');
  if (!contact) throw notFound();
  return { data: { id: String(contact.id) } };
};

function changeTags(params: ApiParams, store: OntraportAccountStore, listKey: string, add: boolean): void {
  assertContactObject(params);
  const tagIds = idList(params[listKey], listKey);
  for (const id of idList(params['ids'])) {
    const contact = store.contacts.get(id);
    if (!contact) continue;
    const tags = add ? [...new Set([...contact.tags, ...tagIds])] : contact.tags.filter((t) => !tagIds.includes(t));
    contact.tags = tags;
  }
}

export const addTags: ApiHandler = ({ store, params }) => {
  changeTags(params, store, 'add_list', true);
  return { data: TAG_PROCESSING };
};

export const removeTags: ApiHandler = ({ store, params }) => {
  changeTags(params, store, 'remove_list', false);
  return { data: TAG_PROCESSING };
};

/** Tag names as a JSON array or a comma list (OP-WPF sends `add_names` / `remove_names` arrays). */
function tagNames(value: unknown, key: string): string[] {
  const names = Array.isArray(value) ? value.map((v) => toFieldText(v)) : typeof value === 'string' ? value.split(',') : [];
  const cleaned = names.map((n) => n.trim()).filter((n) => n !== '');
  if (cleaned.length === 0) throw badRequest(`Missing required parameter: ${key}`);
  return cleaned;
}

function changeTagsByName(params: ApiParams, store: OntraportAccountStore, key: string, add: boolean): void {
  assertContactObject(params);
  const tagIds = tagNames(params[key], key).map((name) => store.tagId(name));
  for (const id of idList(params['ids'])) {
    const contact = store.contacts.get(id);
    if (!contact) continue;
    contact.tags = add ? [...new Set([...contact.tags, ...tagIds])] : contact.tags.filter((t) => !tagIds.includes(t));
  }
}

/** `PUT /1/objects/tagByName` {objectID:0, ids, add_names}: tags by name, created when new. */
export const addTagsByName: ApiHandler = ({ store, params }) => {
  changeTagsByName(params, store, 'add_names', true);
  return { data: TAG_PROCESSING };
};

export const removeTagsByName: ApiHandler = ({ store, params }) => {
  changeTagsByName(params, store, 'remove_names', false);
  return { data: TAG_PROCESSING };
};
