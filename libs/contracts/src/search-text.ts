import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Page, pageOf } from './pagination';

export const MAX_SEARCH_LENGTH = 200;

const SEARCH_DESCRIPTION =
  'search text, compared without accents or case ("Duc" finds "Đức"), by substring or trigram similarity; ' +
  'the matches come best first and the scope stays the same. With q the answer is the best `limit` matches: ' +
  'nextCursor is null and cursor is not used';

// NFC first, so that text typed on a phone that decomposes marks compares like the stored text;
// blank text means no search rather than a search for nothing.
const searchText = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const text = value.normalize('NFC').trim();
  return text === '' ? undefined : text;
};

/** The optional `q` query filter of the lists that can be searched. */
export function SearchText(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: SEARCH_DESCRIPTION, maxLength: MAX_SEARCH_LENGTH }),
    IsOptional(),
    Transform(searchText),
    IsString({ message: 'q must be text' }),
    MaxLength(MAX_SEARCH_LENGTH, { message: `q must be at most ${MAX_SEARCH_LENGTH} characters` }),
  );
}

/** A page of a list: keyset-paged without a search, the best `limit` matches (no next page) with one. */
export function searchablePageOf<T extends { id: string }>(rows: T[], limit: number, q: string | undefined): Page<T> {
  const page = pageOf(rows, limit);
  return q === undefined ? page : { items: page.items, nextCursor: null };
}
