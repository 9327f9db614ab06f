import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

// Web Push subscriptions (issue 12): what a browser's PushSubscription.toJSON() holds.

/** The browser's keys: its P-256 public key (65 bytes) and auth secret (16 bytes), base64url. */
export class PushSubscriptionKeysDto {
  @ApiProperty({ description: 'uncompressed P-256 public key, base64url (87 characters)', example: 'BNc…' })
  @IsString({ message: 'keys.p256dh must be a base64url string' })
  @Matches(/^B[A-Za-z0-9_-]{86}=?$/, { message: 'keys.p256dh must be an uncompressed P-256 public key in base64url (87 characters)' })
  p256dh: string;

  @ApiProperty({ description: 'authentication secret, base64url (22 characters)', example: 'tBHItJI5svbpez7KI4CCXg' })
  @IsString({ message: 'keys.auth must be a base64url string' })
  @Matches(/^[A-Za-z0-9_-]{22}(==)?$/, { message: 'keys.auth must be a 16-byte secret in base64url (22 characters)' })
  auth: string;
}

/** POST /me/push-subscriptions: the subscription of the browser the caller is using. */
export class RegisterPushSubscriptionDto {
  @ApiProperty({ description: 'the push service URL (https)', example: 'https://fcm.googleapis.com/fcm/send/abc' })
  @IsString({ message: 'endpoint must be an https URL' })
  @MaxLength(2048, { message: 'endpoint must be at most 2048 characters' })
  endpoint: string;

  @ApiProperty({ type: () => PushSubscriptionKeysDto })
  @IsObject({ message: 'keys must be an object with p256dh and auth' })
  @ValidateNested()
  @Type(() => PushSubscriptionKeysDto)
  keys: PushSubscriptionKeysDto;
}

/** DELETE /me/push-subscriptions: the endpoint to forget. */
export class RemovePushSubscriptionDto {
  @ApiProperty({ example: 'https://fcm.googleapis.com/fcm/send/abc' })
  @IsString({ message: 'endpoint must be an https URL' })
  @MaxLength(2048, { message: 'endpoint must be at most 2048 characters' })
  endpoint: string;
}

/** GET /push/key: the VAPID public key browsers subscribe with; null when push is off. */
export interface PushKeyView {
  publicKey: string | null;
}

/** A subscription the caller registered. */
export interface PushSubscriptionView {
  endpoint: string;
  createdAt: string;
}
