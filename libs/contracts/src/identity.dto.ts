import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsCalendarDate } from './calendar-date';
import { IsId } from './ids';
import { PageQueryDto } from './pagination';
import { OptionalId } from './query-filters';
import { PatchBody } from './patch-body';
import { SearchText } from './search-text';

export const ROLE_NAMES = ['collaborator', 'secretariat', 'leader', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export { ID_PATTERN, UUID_PATTERN } from './ids';
export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'change-me-please' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken: string;
}

export class CreateOrgUnitDto {
  @ApiProperty({ example: 'Đảng ủy Khối' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'DUK' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,50}$/, { message: 'code must be 1-50 letters, digits, . _ -' })
  code?: string;

  @OptionalId('parentId', { description: 'parent unit id; omitted for a new root (admins only)' })
  parentId?: string;
}

/** Rename (name, code) and move (parentId) a unit. */
@PatchBody()
export class UpdateOrgUnitDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,50}$/, { message: 'code must be 1-50 letters, digits, . _ -' })
  code?: string;

  @OptionalId('parentId', { description: 'new parent: moves the unit with its whole subtree' })
  parentId?: string;

  @ApiPropertyOptional({
    description:
      'false deactivates the unit (refused with 409 while it has active members or active units below it); true reactivates it (its parent must be active)',
  })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class CreateUserDto {
  @ApiProperty({ example: 'nguyenvana' })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3-64 letters, digits, . _ -' })
  username: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password: string;

  @ApiProperty({ example: 'Nguyễn Văn A' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName: string;

  @ApiProperty()
  @IsString()
  @IsId('orgUnitId')
  orgUnitId: string;

  @ApiProperty({ enum: ROLE_NAMES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(ROLE_NAMES, { each: true, message: `roles must each be one of ${ROLE_NAMES.join(', ')}` })
  roles: RoleName[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsId('teamIds', { each: true })
  teamIds?: string[];
}

/** Deactivate or reactivate, change roles, rename, move to another unit, reset the password. */
@PatchBody()
export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional({ enum: ROLE_NAMES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(ROLE_NAMES, { each: true, message: `roles must each be one of ${ROLE_NAMES.join(', ')}` })
  roles?: RoleName[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @OptionalId('orgUnitId')
  orgUnitId?: string;

  @ApiPropertyOptional({ minLength: 8 })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password?: string;
}

export class ListUsersQueryDto extends PageQueryDto {
  @OptionalId('orgUnitId', { description: 'only users of this unit’s subtree' })
  orgUnitId?: string;

  @ApiPropertyOptional({ description: 'true: only active users (the rows behind the `members` figure); false: only deactivated ones' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  /** Searches full names and usernames. */
  @SearchText()
  q?: string;
}

export class ListTeamsQueryDto extends PageQueryDto {
  /** Searches team names. */
  @SearchText()
  q?: string;
}

export class CreateTeamDto {
  @ApiProperty({ example: 'Tổ cộng tác viên' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty()
  @IsString()
  @IsId('orgUnitId')
  orgUnitId: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsId('userIds', { each: true })
  userIds?: string[];
}

export class TeamMembersDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsId('userIds', { each: true })
  userIds: string[];
}

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityType?: string;

  @OptionalId('actorId', { description: 'only writes by this user' })
  actorId?: string;

  @ApiPropertyOptional({ example: 'org-unit.update', description: 'only this action (exact, e.g. user.create)' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9._-]{1,64}$/, { message: 'action must be 1-64 lower-case letters, digits, . _ -' })
  action?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'only writes on or after this day (ORG_TIMEZONE)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'only writes on or before this day (ORG_TIMEZONE)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

/** A user as the API shows it: never the password hash. */
export interface UserView {
  id: string;
  username: string;
  fullName: string;
  orgUnitId: string;
  roles: RoleName[];
  active: boolean;
  createdAt: string;
}

export interface TeamView {
  id: string;
  name: string;
  orgUnitId: string;
  memberIds: string[];
  createdAt: string;
}
