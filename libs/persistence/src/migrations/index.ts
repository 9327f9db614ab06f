import { Foundation1764200000000 } from './1764200000000-Foundation';
import { RecordsOfTheYear1764300000000 } from './1764300000000-RecordsOfTheYear';
import { Takedowns1764400000000 } from './1764400000000-Takedowns';

/** Every migration in order; listed explicitly so bundled builds need no file globbing. */
export const MIGRATIONS = [Foundation1764200000000, RecordsOfTheYear1764300000000, Takedowns1764400000000];
