type Builtin = Date | Uint8Array | string | number | boolean | undefined;

/**
 * A request as a caller writes it: every field optional, at any depth (the
 * same shape as the generated `fromPartial` takes). Absent fields take their
 * protobuf defaults.
 */
export type DeepPartial<T> = T extends Builtin
  ? T
  : T extends readonly (infer U)[]
    ? DeepPartial<U>[]
    : T extends { $case: string; value: unknown }
      ? { $case: T['$case']; value?: DeepPartial<T['value']> }
      : T extends object
        ? { [K in keyof T]?: DeepPartial<T[K]> }
        : Partial<T>;
