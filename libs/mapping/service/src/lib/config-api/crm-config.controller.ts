import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { HubAuthGuard, Roles } from '@hub/auth';
import { Crm } from '../database';
import { InfusionsoftCredentialsInput, OntraportCredentialsInput } from '../merchant-config/crm-credentials.requests';
import { CrmConfigView, MerchantConfigService } from '../merchant-config/merchant-config.service';
import { CrmParams, MerchantParams } from './config-api.params';

/**
 * Each CRM's options and credentials for one merchant. Options are validated by the CRM's own
 * settings class (every field of the integration guides); credentials are tested through the
 * connector before they are stored, and secrets come back only as `…last4`.
 */
@ApiTags('configuration')
@ApiBearerAuth()
@UseGuards(HubAuthGuard)
@Controller('merchants/:merchantId')
export class CrmConfigController {
  constructor(private readonly config: MerchantConfigService) {}

  @Get('config')
  @Roles('support')
  @ApiOkResponse({ description: 'ONTRAPORT and Infusionsoft: settings, credential fields (secrets as hints) and test status' })
  all(@Param() p: MerchantParams): Promise<Record<Crm, CrmConfigView>> {
    return this.config.viewAll(p.merchantId);
  }

  @Get('crms/:crm')
  @Roles('support')
  one(@Param() p: CrmParams): Promise<CrmConfigView> {
    return this.config.view(p.merchantId, p.crm);
  }

  @Put('crms/:crm/settings')
  @Roles('admin')
  @ApiOperation({
    summary: 'Replace the CRM options (defaults fill what is left out)',
    description:
      'ONTRAPORT: OntraportSettings (apiMethod rest-v1 | legacy-xml | off, partnerPixel — never with an API method —, pixelSubdomains per theme, status/affiliate fields and tags…). ' +
      'Infusionsoft: InfusionsoftSettings (tags, lead source, primary address, action set, mailing-list filter, skip order creation, sales-rep owners, order method, custom order fields, goals, shipping fields…). ' +
      'Unknown fields are refused, field by field.',
  })
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  @ApiOkResponse({ description: 'The stored configuration' })
  putSettings(@Param() p: CrmParams, @Body() body: Record<string, unknown>): Promise<CrmConfigView> {
    return this.config.putSettings(p.merchantId, p.crm, body);
  }

  @Put('crms/ontraport/credentials')
  @Roles('admin')
  @ApiOperation({ summary: 'Set the App ID and API key; ONTRAPORT is asked first (through the connector)' })
  @ApiUnprocessableEntityResponse({ description: 'CREDENTIALS_REJECTED: ONTRAPORT refused the key; nothing was stored' })
  putOntraportCredentials(@Param() p: MerchantParams, @Body() body: OntraportCredentialsInput): Promise<CrmConfigView> {
    return this.config.putCredentials(p.merchantId, 'ontraport', body);
  }

  @Put('crms/infusionsoft/credentials')
  @Roles('admin')
  @ApiOperation({ summary: 'Set app name + API key, an OAuth token or a service-account key; Infusionsoft is asked first' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['auth'],
      properties: {
        auth: { enum: ['api-key', 'oauth', 'service-account'] },
        appName: { type: 'string', example: 'ab123' },
        apiKey: { type: 'string', writeOnly: true },
        accessToken: { type: 'string', writeOnly: true },
        serviceAccountKey: { type: 'string', writeOnly: true },
        baseUrl: { type: 'string' },
        notifyEmails: { type: 'array', items: { type: 'string', format: 'email' } },
        callsPerSecond: { type: 'integer', minimum: 1, maximum: 100 },
      },
    },
  })
  @ApiUnprocessableEntityResponse({ description: 'CREDENTIALS_REJECTED: wrong key or unknown app; nothing was stored' })
  putInfusionsoftCredentials(@Param() p: MerchantParams, @Body() body: InfusionsoftCredentialsInput): Promise<CrmConfigView> {
    return this.config.putCredentials(p.merchantId, 'infusionsoft', body);
  }
}
