import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/** ONTRAPORT: productName (the guide's mapping; no mapping → the item id is the name), optionally productId/externalId. Infusionsoft: productId. */
export class ProductMappingBody {
  @ApiPropertyOptional({ example: 'The Demo Book' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255)
  productName?: string;

  @ApiPropertyOptional({ example: 42 })
  @IsOptional() @IsInt() @Min(1)
  productId?: number;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  externalId?: string;
}
