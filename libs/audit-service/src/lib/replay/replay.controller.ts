import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CurrentMerchant, CurrentPrincipal, HubAuthGuard, Principal, Roles } from '@hub/auth';
import { ParkedCommand, ReplayOutcome, ReplayService } from './replay.service';

export class ParkedQueryDto {
  @ApiPropertyOptional({ example: 'ontraport-connector' }) @IsOptional() @Matches(/^[a-z0-9-]{1,64}$/)
  service?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128)
  orderId?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128)
  correlationId?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  merchantId?: string;
}

/** Parked commands (what a consumer gave up on) and their replay, for support. */
@ApiTags('replay')
@ApiBearerAuth()
@UseGuards(HubAuthGuard)
@Roles('support')
@Controller('parked')
export class ReplayController {
  constructor(private readonly replays: ReplayService) {}

  @Get()
  @ApiOkResponse({ description: "{ items }: the merchant's parked messages, oldest first, bodies redacted" })
  async list(@CurrentMerchant() merchantId: string, @Query() q: ParkedQueryDto): Promise<{ items: ParkedCommand[] }> {
    return { items: await this.replays.list(merchantId, q) };
  }

  /** Re-publishes the parked message into its consumer's queue and records the replay in the log. */
  @Post(':service/:messageId/replay')
  @HttpCode(202)
  @ApiOkResponse({ description: 'Replayed; 404 when no such message of this merchant is parked (any more)' })
  replay(
    @CurrentMerchant() merchantId: string,
    @CurrentPrincipal() principal: Principal,
    @Param('service') service: string,
    @Param('messageId') messageId: string,
  ): Promise<ReplayOutcome> {
    return this.replays.replay({ ...principal, merchantId }, service, messageId.slice(0, 128));
  }
}
