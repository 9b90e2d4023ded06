/**
 * `data` for cdata.php (Contacts), in the shapes of the official examples (reference A.1).
 */
import { buildSearchXml, groupsXml } from './ontraport-data.builder';
import {
  badInput,
  MULTI_VALUE_DELIMITER,
  nonEmptyText,
  positiveId,
  xmlText,
} from './ontraport-values';
import { FieldInput, GroupsInput, SearchOperator } from './ontraport-xml.types';

export interface ContactInput {
  /** Present for `update`; absent for `add`. */
  readonly id?: number;
  readonly groups: GroupsInput;
}

/** `<contact [id="…"]><Group_Tag name="…"><field name="…">…</field></Group_Tag>…</contact>` (add / update). */
export function buildContactXml(input: ContactInput): string {
  const id =
    input.id === undefined ? '' : ` id="${positiveId(input.id, 'id')}"`;
  return `<contact${id}>${groupsXml(input.groups, 'groups')}</contact>`;
}

/**
 * `reqType=update`: `<contact id="12345"><Group_Tag name="…"><field name="…">…</field></Group_Tag></contact>`
 * for each contact, in one call ("several `<contact>` elements may be sent in one call"). Only the
 * fields given change. Send with `return_id=1` (the default for `update`).
 */
export function buildContactsUpdateXml(
  contacts: readonly { readonly id: number; readonly groups: GroupsInput }[],
): string {
  if (!Array.isArray(contacts) || contacts.length === 0) {
    throw badInput('contacts', 'at least one contact is needed');
  }
  return contacts
    .map((contact, index) => {
      const path = `contacts[${index}]`;
      if (contact.id === undefined) {
        throw badInput(`${path}.id`, 'an update needs the contact id');
      }
      return `<contact id="${positiveId(contact.id, `${path}.id`)}">${groupsXml(contact.groups, `${path}.groups`)}</contact>`;
    })
    .join('');
}

export interface NewContactInput {
  readonly email: string;
  readonly firstName?: string;
  readonly lastName?: string;
  /** Tag names. One string is sent as is (as in the official example); an array as a delimited multi-value. */
  readonly tags?: string | readonly string[];
  readonly sequenceIds?: readonly number[];
  /** Further groups or fields; merged after the ones above. */
  readonly groups?: GroupsInput;
}

/**
 * `reqType=add` with the official labels: `Contact Information` → `First Name`, `Last Name`,
 * `Email` (renamed from `E-Mail` in 2014), and `Sequences and Tags` → `Contact Tags`, `Sequences`.
 * Send with `return_id=1` (the default for `add`) to get the new id back.
 */
export function buildContactAddXml(input: NewContactInput): string {
  const information: Record<string, FieldInput> = {};
  if (input.firstName !== undefined) {
    information['First Name'] = input.firstName;
  }
  if (input.lastName !== undefined) {
    information['Last Name'] = input.lastName;
  }
  information['Email'] = nonEmptyText(input.email, 'email');
  const sequencesAndTags: Record<string, FieldInput> = {};
  if (input.tags !== undefined) {
    if (typeof input.tags === 'string') {
      nonEmptyText(input.tags, 'tags');
      if (input.tags.includes(MULTI_VALUE_DELIMITER)) {
        throw badInput(
          'tags',
          `pass several tags as an array, not joined with ${MULTI_VALUE_DELIMITER}`,
        );
      }
    }
    sequencesAndTags['Contact Tags'] = input.tags;
  }
  if (input.sequenceIds !== undefined) {
    sequencesAndTags['Sequences'] = input.sequenceIds.map((id, index) =>
      Number(positiveId(id, `sequenceIds[${index}]`)),
    );
  }
  const groups: Record<string, Record<string, FieldInput>> = {
    'Contact Information': information,
  };
  if (Object.keys(sequencesAndTags).length > 0) {
    groups['Sequences and Tags'] = sequencesAndTags;
  }
  for (const [groupName, fields] of Object.entries(input.groups ?? {})) {
    const existing = Object.prototype.hasOwnProperty.call(groups, groupName)
      ? groups[groupName]
      : undefined;
    for (const name of Object.keys(fields)) {
      if (
        existing !== undefined &&
        Object.prototype.hasOwnProperty.call(existing, name)
      ) {
        throw badInput(
          `groups[${JSON.stringify(groupName)}][${JSON.stringify(name)}]`,
          'is already set by another input',
        );
      }
    }
    Object.defineProperty(groups, groupName, {
      value: { ...existing, ...fields },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return buildContactXml({ groups });
}

export interface ContactSearchOptions {
  /**
   * The field label. The official `add` example uses `Email`; the only search example (third-party)
   * uses `E-mail` with `c`. Which label search accepts is [UNCONFIRMED], hence this option.
   */
  readonly field?: string;
  readonly op?: SearchOperator;
}

/** `reqType=search` by e-mail: `<search><equation><field>Email</field><op>e</op><value>…</value></equation></search>`. */
export function buildContactSearchByEmailXml(
  email: string,
  options: ContactSearchOptions = {},
): string {
  return buildSearchXml([
    {
      field: options.field ?? 'Email',
      op: options.op ?? 'e',
      value: nonEmptyText(email, 'email'),
    },
  ]);
}

/** `reqType=fetch` / `delete`: `<contact_id>260414</contact_id><contact_id>260413</contact_id>`. */
export function buildContactIdsXml(contactIds: readonly number[]): string {
  if (!Array.isArray(contactIds) || contactIds.length === 0) {
    throw badInput('contactIds', 'at least one contact id is needed');
  }
  return contactIds
    .map(
      (id, index) =>
        `<contact_id>${positiveId(id, `contactIds[${index}]`)}</contact_id>`,
    )
    .join('');
}

/** `reqType=add_tag` / `remove_tag`: `<contact id="16972"><tag>Tag1</tag><tag>Tag2</tag></contact>`. */
export function buildContactTagsXml(input: {
  readonly contactId: number;
  readonly tags: readonly string[];
}): string {
  const id = positiveId(input.contactId, 'contactId');
  if (!Array.isArray(input.tags) || input.tags.length === 0) {
    throw badInput('tags', 'at least one tag is needed');
  }
  const tags = input.tags.map(
    (tag, index) =>
      `<tag>${xmlText(nonEmptyText(tag, `tags[${index}]`), `tags[${index}]`)}</tag>`,
  );
  return `<contact id="${id}">${tags.join('')}</contact>`;
}
