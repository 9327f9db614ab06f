import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

/** The web app's two languages; Vietnamese is the default (SPEC, Language). */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** PATCH /me/preferences: the language the person chose in the web app. */
export class UpdateMyPreferencesDto {
  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES, { message: 'language must be vi or en' })
  language: Language;
}

/** A person's own preferences; `language` is null until they chose one. */
export interface MyPreferencesView {
  language: Language | null;
}
