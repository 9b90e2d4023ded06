import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CONTRACTS } from '../registry';
import { RpcPatterns } from '../routing-keys';

const invalidFields = (pattern: string, body: unknown): string[] =>
  validateSync(plainToInstance(CONTRACTS[pattern], body) as object).map((e) => e.property);

describe('order-import channel-partner RPC contracts', () => {
  it('accepts an upsert with a code and a password of 8+ characters', () => {
    expect(invalidFields(RpcPatterns.orderImport.upsertChannelPartner, { merchantId: 'DEMO', channelPartnerCode: 'AMZ', password: 'long-enough' })).toEqual([]);
  });

  it('refuses a short password and a code with spaces, naming both', () => {
    expect(invalidFields(RpcPatterns.orderImport.upsertChannelPartner, { merchantId: 'DEMO', channelPartnerCode: 'A B', password: 'short' }).sort()).toEqual(['channelPartnerCode', 'password']);
  });

  it('asks a delete for the merchant and the code only', () => {
    expect(invalidFields(RpcPatterns.orderImport.deleteChannelPartner, { merchantId: 'DEMO', channelPartnerCode: 'AMZ' })).toEqual([]);
    expect(invalidFields(RpcPatterns.orderImport.deleteChannelPartner, { merchantId: 'DEMO' })).toEqual(['channelPartnerCode']);
  });
});
