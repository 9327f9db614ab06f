import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsId } from './ids';
import { toInt } from './pagination';

/** An optional `year` query filter (2000 … 2100); the description says what "in this year" means. */
export function OptionalYear(api: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional(api), IsOptional(), Transform(toInt), IsInt(), Min(2000), Max(2100));
}

/** An optional id query filter, refused with a 400 naming the field when it is not a string of digits. */
export function OptionalId(field: string, api: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional(api),
    IsOptional(),
    IsString(),
    IsId(field),
  );
}
