import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsCalendarDate } from './calendar-date';
import { IsId } from './ids';
import { PageQueryDto } from './pagination';
import { OptionalYear } from './query-filters';

/** A guidance document; the creator's unit is stamped by the server, never taken from the body. */
export class CreateDirectiveDto {
  @ApiPropertyOptional({ example: '15-CV/ĐUK' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  number?: string;

  @ApiProperty({ example: 'Hướng dẫn công tác đấu tranh phản bác quan điểm sai trái năm 2023' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title: string;

  @ApiProperty({ example: '2023-03-15', description: 'calendar date in ORG_TIMEZONE' })
  @IsCalendarDate()
  issuedOn: string;
}

export class ListDirectivesQueryDto extends PageQueryDto {
  @OptionalYear({ description: 'issued in this year' })
  year?: number;

  @ApiPropertyOptional({ description: 'stamped with a unit in this subtree (404 outside the caller’s scope)' })
  @IsOptional()
  @IsString()
  @IsId('orgUnitId')
  orgUnitId?: string;
}

export interface DirectiveView {
  id: string;
  number: string | null;
  title: string;
  issuedOn: string;
  /** The creator's unit. */
  orgUnitId: string;
  createdBy: string | null;
  createdAt: string;
}
