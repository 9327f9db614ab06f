import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { toInt } from './pagination';

const ID = /^\d{1,18}$/;

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
    Matches(ID, { message: `${field} must be an id (a string of digits)` }),
  );
}
