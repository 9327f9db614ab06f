/** A dictionary with the same keys as another, every phrase a string: English is checked against Vietnamese. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
