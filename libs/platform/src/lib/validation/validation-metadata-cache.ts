import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/**
 * class-validator 0.15.1 (the newest release) resolves a class's rules anew on every `validate`
 * call, for the object and for each nested object: `getTargetValidationMetadatas` tests every
 * decorated class the process has loaded for being an ancestor, then filters and groups the rules
 * (typestack/class-validator#2686, open). A cart order with its lines and amounts is ~15 such
 * lookups, each over ~150 classes in a service.
 *
 * The answer depends only on the rules registered, which only grow when a class is loaded; this
 * remembers each answer (per class and per option set: schema, `always`, `strictGroups`, groups)
 * and forgets everything whenever a rule is added. The same rules run, on the same values, with
 * the same messages: only the lookup is skipped.
 */
type Storage = {
  getTargetValidationMetadatas(target: unknown, schema: string, always: boolean, strictGroups: boolean, groups?: string[]): ValidationMetadata[];
  groupByPropertyName(metadata: ValidationMetadata[]): Record<string, ValidationMetadata[]>;
  addValidationMetadata(metadata: ValidationMetadata): void;
  addConstraintMetadata(metadata: unknown): void;
  addValidationSchema(schema: unknown): void;
};

const INSTALLED = Symbol.for('hub.classValidatorMetadataCache');

export function installValidationMetadataCache(): void {
  const storage = getMetadataStorage() as unknown as Storage & { [INSTALLED]?: true };
  if (storage[INSTALLED]) return;
  storage[INSTALLED] = true;

  // Without groups, `always` or a schema (every validation in the hub) one WeakMap lookup; otherwise per option set.
  let plain = new WeakMap<object, ValidationMetadata[]>();
  let withOptions = new WeakMap<object, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Record<string, ValidationMetadata[]>>();
  const forget = () => {
    plain = new WeakMap();
    withOptions = new WeakMap();
    grouped = new WeakMap();
  };

  const resolve = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (typeof target !== 'function') return resolve(target, schema, always, strictGroups, groups);
    if (!schema && !always && !strictGroups && !groups?.length) {
      let metadatas = plain.get(target);
      if (!metadatas) plain.set(target, (metadatas = resolve(target, schema, always, strictGroups, groups)));
      return metadatas;
    }
    const key = JSON.stringify([schema ?? '', !!always, !!strictGroups, groups ?? []]);
    let perTarget = withOptions.get(target);
    if (!perTarget) withOptions.set(target, (perTarget = new Map()));
    let metadatas = perTarget.get(key);
    if (!metadatas) perTarget.set(key, (metadatas = resolve(target, schema, always, strictGroups, groups)));
    return metadatas;
  };

  // The executor only reads the grouping (it filters into new arrays), so one per resolved list is enough.
  const group = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (metadatas) => {
    let byProperty = grouped.get(metadatas);
    if (!byProperty) grouped.set(metadatas, (byProperty = group(metadatas)));
    return byProperty;
  };

  for (const name of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const add = (storage[name] as (arg: unknown) => void).bind(storage);
    storage[name] = ((arg: unknown) => {
      forget();
      add(arg);
    }) as never;
  }
}

// Every service loads @hub/platform, so every process gets it. `off`: the library's own lookups (for A/B benchmarks).
if (process.env['HUB_VALIDATION_METADATA_CACHE'] !== 'off') installValidationMetadataCache();
