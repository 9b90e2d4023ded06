import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HubAuthGuard, Roles } from '@hub/auth';
import { CrmSettingsStore } from '../merchant-config/crm-settings.store';

@ApiTags('operator')
@ApiBearerAuth()
@UseGuards(HubAuthGuard)
@Controller('operator')
export class OperatorController {
  constructor(private readonly store: CrmSettingsStore) {}

  /** Master-key rotation: put the new key first in HUB_MASTER_KEYS, restart, call this, then drop the old key. */
  @Post('secrets/reseal')
  @HttpCode(200)
  @Roles('operator')
  @ApiOperation({ summary: 'Re-seal every stored CRM secret with the newest master key' })
  @ApiOkResponse({ description: '{resealed, rows}' })
  reseal(): Promise<{ resealed: number; rows: number }> {
    return this.store.resealAll();
  }
}
