import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { TextProperty } from './view-properties';

/** Every error the API answers (apps/api/src/http/api-exception.filter.ts, ErrorBody). */
@ApiSchema({ name: 'ApiError', description: 'The error body of every 4xx and 5xx answer' })
export class ApiErrorSchema {
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400 })
  statusCode: number;

  @TextProperty({ example: 'Bad Request', description: 'the status text' })
  error: string;

  @TextProperty({ example: 'url must be an http(s) URL', description: 'what went wrong, for a person' })
  message: string;

  @TextProperty({ required: false, example: 'url', description: 'the input to blame (a body path, a query parameter, body, path, file)' })
  field?: string;

  @TextProperty({ required: false, description: 'with a 5xx: the correlation id to quote' })
  requestId?: string;

  @TextProperty({ required: false, pattern: '^[0-9]+$', description: 'with a 409 for a duplicate: the record that already exists' })
  existingId?: string;
}

