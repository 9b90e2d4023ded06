/**
 * The layering is enforced by `nx lint`, not hoped for: these imports must fail the lint with the
 * boundary rule, and the allowed ones must pass. Lints code as if it were in the named files.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

/** Runs the real ESLint CLI (the same config `nx lint` uses) on code given as if it were `file`. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const run = spawnSync(process.execPath, [resolve(root, 'node_modules/eslint/bin/eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'], {
    cwd: root,
    input: code,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it('keeps pure libs free of NestJS, the broker client and TypeORM', async () => {
    for (const lib of ['@nestjs/common', 'amqplib', 'typeorm']) {
      const errors = await boundaryErrors('libs/domain/src/lib/probe.ts', `import * as x from '${lib}';\nexport const y = x;\n`);
      expect(errors.join('\n')).toContain(`is not allowed to import "${lib}"`);
    }
    const codec = await boundaryErrors('libs/codecs/xml-rpc/src/lib/probe.ts', `import { Controller } from '@nestjs/common';\nexport const y = Controller;\n`);
    expect(codec.length).toBeGreaterThan(0);
  });

  it('keeps apps from importing amqplib or each other', async () => {
    const amqp = await boundaryErrors('apps/ingest/src/app/probe.ts', `import { connect } from 'amqplib';\nexport const y = connect;\n`);
    expect(amqp.length).toBeGreaterThan(0);
    const otherApp = await boundaryErrors('apps/ingest/src/app/probe.ts', `import { MappingModule } from '../../../mapping/src/app/mapping.module';\nexport const y = MappingModule;\n`);
    expect(otherApp.length).toBeGreaterThan(0);
  });

  it('keeps one CRM connector out of the other CRM code', async () => {
    const errors = await boundaryErrors('libs/connectors/ontraport-service/src/lib/probe.ts', `import { encodeMethodCall } from '@hub/codecs-xml-rpc';\nexport const y = encodeMethodCall;\n`);
    expect(errors.join('\n')).toMatch(/scope:ontraport/);
    const otherService = await boundaryErrors('libs/connectors/ontraport-service/src/lib/probe.ts', `import { DeliveryModule } from '@hub/infusionsoft-service';\nexport const y = DeliveryModule;\n`);
    expect(otherService.length).toBeGreaterThan(0);
    const app = await boundaryErrors('apps/ontraport-connector/src/app/probe.ts', `import { encodeMethodCall } from '@hub/codecs-xml-rpc';\nexport const y = encodeMethodCall;\n`);
    expect(app.length).toBeGreaterThan(0);
  });

  it('keeps pure connector logic free of frameworks and of the other CRM, and lets the feature lib use it', async () => {
    const nest = await boundaryErrors('libs/connectors/infusionsoft/src/lib/probe.ts', `import { Injectable } from '@nestjs/common';\nexport const y = Injectable;\n`);
    expect(nest.join('\n')).toContain('is not allowed to import "@nestjs/common"');
    const otherCrm = await boundaryErrors('libs/connectors/infusionsoft/src/lib/probe.ts', `import { classifyResponse } from '@hub/ontraport-core';\nexport const y = classifyResponse;\n`);
    expect(otherCrm.length).toBeGreaterThan(0);
    const feature = await boundaryErrors('libs/connectors/infusionsoft/src/lib/probe.ts', `import { DeliveryModule } from '@hub/infusionsoft-service';\nexport const y = DeliveryModule;\n`);
    expect(feature.length).toBeGreaterThan(0);
    expect(await boundaryErrors('libs/connectors/infusionsoft-service/src/lib/probe.ts', `import { resolveEndpoint } from '@hub/infusionsoft-core';\nexport const y = resolveEndpoint;\n`)).toEqual([]);
  });

  it('keeps feature libs apart, and pure libs out of them', async () => {
    const connector = await boundaryErrors('libs/mapping/service/src/lib/probe.ts', `import { CommandsModule } from '@hub/ontraport-service';\nexport const y = CommandsModule;\n`);
    expect(connector.length).toBeGreaterThan(0);
    const rules = await boundaryErrors('libs/mapping/rules/src/lib/probe.ts', `import { CascadeModule } from '@hub/mapping-service';\nexport const y = CascadeModule;\n`);
    expect(rules.length).toBeGreaterThan(0);
    expect(await boundaryErrors('libs/mapping/service/src/lib/probe.ts', `import { planCartEvent } from '@hub/mapping-rules';\nexport const y = planCartEvent;\n`)).toEqual([]);
    const mapping = await boundaryErrors('libs/ingest/service/src/lib/probe.ts', `import { CascadeModule } from '@hub/mapping-service';\nexport const y = CascadeModule;\n`);
    expect(mapping.length).toBeGreaterThan(0);
    expect(await boundaryErrors('libs/ingest/service/src/lib/probe.ts', `import { translateWebhookEvent } from '@hub/domain';\nexport const y = translateWebhookEvent;\n`)).toEqual([]);
    const ingest = await boundaryErrors('libs/order-import-service/src/lib/probe.ts', `import { WebhooksModule } from '@hub/ingest-service';\nexport const y = WebhooksModule;\n`);
    expect(ingest.length).toBeGreaterThan(0);
    const audit = await boundaryErrors('libs/audit-service/src/lib/probe.ts', `import { CascadeModule } from '@hub/mapping-service';\nexport const y = CascadeModule;\n`);
    expect(audit.length).toBeGreaterThan(0);
    expect(await boundaryErrors('libs/audit-service/src/lib/probe.ts', `import { searchTerms } from '@hub/audit';\nexport const y = searchTerms;\n`)).toEqual([]);
    const auditRulesUp = await boundaryErrors('libs/audit/src/lib/probe.ts', `import { AuditServiceModule } from '@hub/audit-service';\nexport const y = AuditServiceModule;\n`);
    expect(auditRulesUp.length).toBeGreaterThan(0);
    const importRules = await boundaryErrors('libs/order-import/src/lib/probe.ts', `import { ImportOrderModule } from '@hub/order-import-service';\nexport const y = ImportOrderModule;\n`);
    expect(importRules.length).toBeGreaterThan(0);
    expect(await boundaryErrors('libs/order-import-service/src/lib/probe.ts', `import { planStage } from '@hub/order-import';\nexport const y = planStage;\n`)).toEqual([]);
  });

  it('keeps a feature lib off the broker client and out of the apps', async () => {
    const amqp = await boundaryErrors('libs/connectors/infusionsoft-service/src/lib/probe.ts', `import { connect } from 'amqplib';\nexport const y = connect;\n`);
    expect(amqp.join('\n')).toContain('is not allowed to import "amqplib"');
    const app = await boundaryErrors('libs/connectors/infusionsoft-service/src/lib/probe.ts', `import { InfusionsoftConnectorModule } from '../../../../../apps/infusionsoft-connector/src/app/infusionsoft-connector.module';\nexport const y = InfusionsoftConnectorModule;\n`);
    expect(app.length).toBeGreaterThan(0);
  });

  it('keeps an app tagged layout:wiring to composing its feature lib', async () => {
    const probe = 'apps/infusionsoft-connector/src/app/probe.ts';
    expect(await boundaryErrors(probe, `import { DeliveryModule } from '@hub/infusionsoft-service';\nexport const y = DeliveryModule;\n`)).toEqual([]);
    expect(await boundaryErrors('apps/ontraport-connector/src/app/probe.ts', `import { CommandsModule } from '@hub/ontraport-service';\nexport const y = CommandsModule;\n`)).toEqual([]);
    expect(await boundaryErrors('apps/mapping/src/app/probe.ts', `import { CascadeModule } from '@hub/mapping-service';\nexport const y = CascadeModule;\n`)).toEqual([]);
    expect(await boundaryErrors('apps/ingest/src/app/probe.ts', `import { WebhooksModule } from '@hub/ingest-service';\nexport const y = WebhooksModule;\n`)).toEqual([]);
    const domain = await boundaryErrors('apps/ingest/src/app/probe.ts', `import { translateWebhookEvent } from '@hub/domain';\nexport const y = translateWebhookEvent;\n`);
    expect(domain.length).toBeGreaterThan(0);
    expect(await boundaryErrors('apps/order-import/src/app/probe.ts', `import { ImportOrderModule } from '@hub/order-import-service';\nexport const y = ImportOrderModule;\n`)).toEqual([]);
    const importRules = await boundaryErrors('apps/order-import/src/app/probe.ts', `import { SandboxPaymentGateway } from '@hub/order-import';\nexport const y = SandboxPaymentGateway;\n`);
    expect(importRules.length).toBeGreaterThan(0);
    expect(await boundaryErrors('apps/audit-log/src/app/probe.ts', `import { AuditServiceModule } from '@hub/audit-service';\nexport const y = AuditServiceModule;\n`)).toEqual([]);
    // The pure audit rules (search terms, partitions, page queries) are the feature lib's to use.
    const auditRules = await boundaryErrors('apps/audit-log/src/app/probe.ts', `import { searchTerms } from '@hub/audit';\nexport const y = searchTerms;\n`);
    expect(auditRules.length).toBeGreaterThan(0);
    const rules = await boundaryErrors('apps/mapping/src/app/probe.ts', `import { planCartEvent } from '@hub/mapping-rules';\nexport const y = planCartEvent;\n`);
    expect(rules.length).toBeGreaterThan(0);
    const typeorm = await boundaryErrors(probe, `import { DataSource } from 'typeorm';\nexport const y = DataSource;\n`);
    expect(typeorm.join('\n')).toContain('is not allowed to import "typeorm"');
    const consumer = await boundaryErrors(probe, `import { EventPattern } from '@nestjs/microservices';\nexport const y = EventPattern;\n`);
    expect(consumer.join('\n')).toContain('is not allowed to import "@nestjs/microservices"');
    // Behaviour built on the pure layers belongs in the feature lib.
    expect((await boundaryErrors(probe, `import { resolveEndpoint } from '@hub/infusionsoft-core';\nexport const y = resolveEndpoint;\n`)).length).toBeGreaterThan(0);
    // The other CRM's feature lib is out of scope as well.
    expect((await boundaryErrors('apps/ontraport-connector/src/app/probe.ts', `import { DeliveryModule } from '@hub/infusionsoft-service';\nexport const y = DeliveryModule;\n`)).join('\n')).toMatch(/scope:ontraport/);
  });

  it('holds nothing but main.ts and root modules in the source of an app tagged layout:wiring', () => {
    const wiring = readdirSync(resolve(root, 'apps')).filter((app) => {
      const project = JSON.parse(readFileSync(resolve(root, 'apps', app, 'project.json'), 'utf8')) as { tags?: string[] };
      return project.tags?.includes('layout:wiring');
    });
    expect(wiring).toEqual(expect.arrayContaining(['infusionsoft-connector', 'ontraport-connector', 'mapping', 'ingest', 'order-import', 'audit-log']));
    for (const app of wiring) {
      const src = resolve(root, 'apps', app, 'src');
      const files = readdirSync(src, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(src, join(e.parentPath, e.name)));
      expect(files.filter((f) => f !== 'main.ts' && !/^app\/[a-z-]+\.module\.ts$/.test(f))).toEqual([]);
    }
  });

  it('allows the intended dependencies', async () => {
    expect(await boundaryErrors('apps/ingest/src/app/probe.ts', `import { MessagePublisher } from '@hub/messaging-nest';\nexport const y = MessagePublisher;\n`)).toEqual([]);
    expect(await boundaryErrors('libs/mapping/rules/src/lib/probe.ts', `import { money } from '@hub/domain';\nexport const y = money;\n`)).toEqual([]);
  });
});
