import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
} from 'class-validator';
import { IsId } from './ids';
import { PageQueryDto, toInt } from './pagination';
import { ACTION_TYPES, ActionType } from './actions.dto';


// Years a target or a progress query may name (the targets table checks the same range).
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/** `:year` of PUT /targets/:year. */
export class TargetYearParamDto {
  @ApiProperty({ example: 2024 })
  @Transform(toInt)
  @IsInt({ message: 'year must be a whole year, e.g. 2024' })
  @Min(MIN_YEAR, { message: `year must be between ${MIN_YEAR} and ${MAX_YEAR}` })
  @Max(MAX_YEAR, { message: `year must be between ${MIN_YEAR} and ${MAX_YEAR}` })
  year: number;
}

export class SetTargetDto {
  @ApiProperty({ description: 'the target applies to this unit’s subtree' })
  @IsString()
  @IsId('orgUnitId')
  orgUnitId: string;

  @ApiProperty({ example: 100, minimum: 1, maximum: 1_000_000 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  perMember: number;

  @ApiProperty({ enum: ACTION_TYPES, isArray: true, example: ['share', 'post'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ACTION_TYPES.length)
  @ArrayUnique()
  @IsIn(ACTION_TYPES, { each: true, message: `actionTypes must each be one of ${ACTION_TYPES.join(', ')}` })
  actionTypes: ActionType[];
}

export class ListTargetsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 2024 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(MIN_YEAR)
  @Max(MAX_YEAR)
  year?: number;
}

export class ProgressQueryDto {
  @ApiProperty({ example: 2024 })
  @Transform(toInt)
  @IsInt({ message: 'year must be a whole year, e.g. 2024' })
  @Min(MIN_YEAR, { message: `year must be between ${MIN_YEAR} and ${MAX_YEAR}` })
  @Max(MAX_YEAR, { message: `year must be between ${MIN_YEAR} and ${MAX_YEAR}` })
  year: number;
}

export interface TargetView {
  id: string;
  year: number;
  orgUnitId: string;
  perMember: number;
  actionTypes: ActionType[];
  setBy: string | null;
  updatedAt: string;
}

/** The caller's count against the target in force for their unit (none: perMember and remaining null). */
export interface ProgressView {
  year: number;
  actions: number;
  perMember: number | null;
  remaining: number | null;
  actionTypes: ActionType[] | null;
  targetOrgUnitId: string | null;
}
