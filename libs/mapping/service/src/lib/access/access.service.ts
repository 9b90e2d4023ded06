import { randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { apiTokenDigest, looksLikeApiToken, newApiToken } from '@hub/auth';
import { AuthenticateTokenReply, MerchantRole } from '@hub/messaging-contracts';
import { ErrorKind, hint, HubError, NotFoundError, UnauthorizedError } from '@hub/platform';
import { ApiToken, Merchant } from '../database';
import { AccessConfig } from './access.config';

export const ACCESS_CONFIG = Symbol('ACCESS_CONFIG');

export interface IssuedToken {
  tokenId: string;
  merchantId: string;
  role: MerchantRole;
  label: string;
  /** The bearer token: returned once, here, and never again. */
  token: string;
}

export interface TokenView {
  tokenId: string;
  role: MerchantRole;
  label: string;
  hint: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Merchants and their bearer tokens; the operator token comes from the environment. */
@Injectable()
export class AccessService {
  private readonly operatorDigest?: Buffer;

  constructor(
    @InjectRepository(Merchant) private readonly merchants: Repository<Merchant>,
    @InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>,
    @Inject(ACCESS_CONFIG) config: AccessConfig,
  ) {
    if (config.HUB_OPERATOR_TOKEN) this.operatorDigest = apiTokenDigest(config.HUB_OPERATOR_TOKEN);
  }

  async authenticate(token: string): Promise<AuthenticateTokenReply> {
    const digest = apiTokenDigest(token);
    if (this.operatorDigest && timingSafeEqual(digest, this.operatorDigest)) return { tokenId: 'operator', role: 'operator', merchantId: null };
    if (!looksLikeApiToken(token)) throw new UnauthorizedError('invalid or revoked token');
    const row = await this.tokens.findOneBy({ tokenDigest: digest, revokedAt: IsNull() });
    if (!row) throw new UnauthorizedError('invalid or revoked token');
    return { tokenId: row.tokenId, role: row.role, merchantId: row.merchantId };
  }

  async createMerchant(merchantId: string, name: string): Promise<Merchant> {
    const inserted = await this.merchants
      .createQueryBuilder()
      .insert()
      .values({ merchantId, name })
      .orIgnore()
      .returning(['merchantId'])
      .execute();
    if (!inserted.raw.length) throw new HubError('MERCHANT_EXISTS', `merchant ${merchantId} already exists`, ErrorKind.Conflict);
    return this.requireMerchant(merchantId);
  }

  listMerchants(): Promise<Merchant[]> {
    return this.merchants.find({ order: { merchantId: 'ASC' } });
  }

  async requireMerchant(merchantId: string): Promise<Merchant> {
    const m = await this.merchants.findOneBy({ merchantId });
    if (!m) throw new NotFoundError(`merchant ${merchantId}`);
    return m;
  }

  async issueToken(merchantId: string, role: MerchantRole, label: string): Promise<IssuedToken> {
    await this.requireMerchant(merchantId);
    const token = newApiToken();
    const tokenId = randomUUID();
    await this.tokens.insert({ tokenId, merchantId, role, label, tokenDigest: apiTokenDigest(token), hint: hint(token), revokedAt: null });
    return { tokenId, merchantId, role, label, token };
  }

  async listTokens(merchantId: string): Promise<TokenView[]> {
    const rows = await this.tokens.find({ where: { merchantId }, order: { createdAt: 'ASC' } });
    return rows.map((r) => ({
      tokenId: r.tokenId,
      role: r.role,
      label: r.label,
      hint: r.hint,
      createdAt: r.createdAt.toISOString(),
      revokedAt: r.revokedAt?.toISOString() ?? null,
    }));
  }

  /** Scoped by merchant: a token id of another merchant is "not found", never revoked. */
  async revokeToken(merchantId: string, tokenId: string): Promise<void> {
    const result = await this.tokens.update({ merchantId, tokenId, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected) throw new NotFoundError(`token ${tokenId}`);
  }
}
