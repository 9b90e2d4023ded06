import type { XmlRpcInput } from '@hub/codecs-xml-rpc';
import type { InfusionsoftContactStepsDto } from '@hub/messaging-contracts';
import { isRecordNotFound, type CascadePort, type RememberedKind } from './cascade-port';

type Found = Array<{ Id?: number } & Record<string, unknown>>;

/**
 * A row's id by an exact name: remembered, else found (`DataService.findByField` is
 * case-insensitive, so the name is compared again as given), else created when `create` is given.
 */
export async function idByName(
  port: CascadePort,
  kind: RememberedKind,
  lookup: { table: string; field: string; name: string; caseSensitive?: boolean },
  create?: { [field: string]: XmlRpcInput },
): Promise<number | undefined> {
  const known = await port.rememberedId(kind, lookup.name);
  if (known !== undefined) return known;
  return port.exclusive(`${kind}:${lookup.name}`, async () => {
    const settled = await port.rememberedId(kind, lookup.name);
    if (settled !== undefined) return settled;
    const rows = await port.call<Found>('DataService.findByField', [lookup.table, 50, 0, lookup.field, lookup.name, ['Id', lookup.field]], `Find ${lookup.table} "${lookup.name}"`);
    const same = (v: unknown) => (lookup.caseSensitive ? v === lookup.name : String(v).toLowerCase() === lookup.name.toLowerCase());
    let id = rows.find((r) => same(r[lookup.field]))?.Id;
    if (id === undefined && create) id = await port.call<number>('DataService.add', [lookup.table, create], `Create ${lookup.table} "${lookup.name}"`);
    if (id !== undefined) await port.rememberId(kind, lookup.name, id);
    return id;
  });
}

/** Tags the contact; a remembered tag id that no longer exists is forgotten and the tag found or created again. */
async function tag(port: CascadePort, contactId: number, name: string): Promise<void> {
  const lookup = { table: 'ContactGroup', field: 'GroupName', name };
  for (let fresh = false; ; fresh = true) {
    const groupId = await idByName(port, 'tag', lookup, { GroupName: name });
    if (groupId === undefined) return;
    try {
      // Tagging twice is harmless, so tags are not tracked in the progress.
      await port.call('ContactService.addToGroup', [contactId, groupId], `Tag contact ${contactId} with "${name}"`);
      return;
    } catch (err) {
      if (fresh || !isRecordNotFound(err)) throw err;
      await port.forgetId('tag', name);
    }
  }
}

/**
 * The contact part of every command: `addWithDupCheck` by email (with lead source and owner), the
 * tags by name (created when missing), then the action sets not run yet. Returns the contact id.
 */
export async function runContactSteps(port: CascadePort, steps: InfusionsoftContactStepsDto): Promise<number> {
  const p = port.progress;
  if (p.contactId === undefined) {
    const fields: { [field: string]: XmlRpcInput } = { ...steps.contact.fields, Email: steps.contact.email };
    if (steps.leadSource) {
      const { name, create } = steps.leadSource;
      const id = await idByName(port, 'lead-source', { table: 'LeadSource', field: 'Name', name }, create ? { Name: name } : undefined);
      if (id !== undefined) fields['LeadSourceId'] = id;
      else port.warn(`lead source "${name}" does not exist in Infusionsoft and "create lead source" is off: the contact has none`);
    }
    if (steps.ownerId !== undefined) fields['OwnerID'] = steps.ownerId;
    // Adds or updates by email: safe to repeat, so no look-up first and nothing saved yet.
    p.contactId = await port.call<number>('ContactService.addWithDupCheck', [fields, 'Email'], `Add or update contact ${steps.contact.email}`);
  }
  const contactId = p.contactId;
  for (const name of steps.tags) await tag(port, contactId, name);
  p.actionSetsRun ??= [];
  for (const actionSetId of steps.actionSetIds) {
    if (p.actionSetsRun.includes(actionSetId)) continue;
    await port.call('ContactService.runActionSequence', [contactId, actionSetId], `Run action set ${actionSetId} for contact ${contactId}`);
    p.actionSetsRun.push(actionSetId);
    await port.saveProgress();
  }
  return contactId;
}

/** `FunnelService.achieveGoal` for each goal not achieved yet by an earlier attempt. */
export async function achieveGoals(port: CascadePort, contactId: number, goals: ReadonlyArray<{ integration: string; callName: string }>): Promise<void> {
  const p = port.progress;
  p.goalsAchieved ??= [];
  for (const g of goals) {
    const key = `${g.integration}/${g.callName}`;
    if (p.goalsAchieved.includes(key)) continue;
    await port.call('FunnelService.achieveGoal', [g.integration, g.callName, contactId], `Achieve goal ${key} for contact ${contactId}`);
    p.goalsAchieved.push(key);
    await port.saveProgress();
  }
}
