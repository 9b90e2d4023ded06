import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HubAuthGuard, Roles, TokenAuthenticator } from '@hub/auth';
import { AccessService, IssuedToken, TokenView } from './access.service';
import { CreateMerchantRequest, IssueTokenRequest } from './access.requests';

/**
 * Merchants and their tokens. The operator (HUB_OPERATOR_TOKEN) creates a merchant and its first
 * admin token; from then on the merchant's admins issue and revoke their own tokens.
 */
@ApiTags('merchants')
@ApiBearerAuth()
@UseGuards(HubAuthGuard)
@Controller('merchants')
export class MerchantsController {
  constructor(
    private readonly access: AccessService,
    private readonly authenticator: TokenAuthenticator,
  ) {}

  @Post()
  @Roles('operator')
  @ApiCreatedResponse({ description: 'The merchant was created' })
  async create(@Body() body: CreateMerchantRequest): Promise<{ merchantId: string; name: string }> {
    const m = await this.access.createMerchant(body.merchantId, body.name);
    return { merchantId: m.merchantId, name: m.name };
  }

  @Get()
  @Roles('operator')
  @ApiOkResponse({ description: 'Every merchant of the hub' })
  async listMerchants(): Promise<{ items: Array<{ merchantId: string; name: string; createdAt: string }> }> {
    return { items: (await this.access.listMerchants()).map((m) => ({ merchantId: m.merchantId, name: m.name, createdAt: m.createdAt.toISOString() })) };
  }

  @Get(':merchantId')
  @Roles('operator', 'support')
  @ApiOkResponse({ description: 'The merchant (its own tokens may read it)' })
  async getMerchant(@Param('merchantId') merchantId: string): Promise<{ merchantId: string; name: string; createdAt: string }> {
    const m = await this.access.requireMerchant(merchantId);
    return { merchantId: m.merchantId, name: m.name, createdAt: m.createdAt.toISOString() };
  }

  /** The token is in this answer only: it is stored as a digest and cannot be shown again. */
  @Post(':merchantId/tokens')
  @Roles('operator', 'admin')
  @ApiCreatedResponse({ description: 'The new token (shown once)' })
  issueToken(@Param('merchantId') merchantId: string, @Body() body: IssueTokenRequest): Promise<IssuedToken> {
    return this.access.issueToken(merchantId, body.role, body.label);
  }

  @Get(':merchantId/tokens')
  @Roles('operator', 'admin')
  @ApiOkResponse({ description: 'The merchant’s tokens: ids, roles, labels and hints, never the tokens' })
  async listTokens(@Param('merchantId') merchantId: string): Promise<{ items: TokenView[] }> {
    return { items: await this.access.listTokens(merchantId) };
  }

  @Delete(':merchantId/tokens/:tokenId')
  @HttpCode(204)
  @Roles('operator', 'admin')
  async revokeToken(@Param('merchantId') merchantId: string, @Param('tokenId') tokenId: string): Promise<void> {
    await this.access.revokeToken(merchantId, tokenId);
    // This process stops trusting it at once; other services within AUTH_CACHE_SECONDS.
    this.authenticator.clear();
  }
}
