export * from "./aggregate";
export * from "./buckets";
export * from "./csv";
export * from "./dates";
export * from "./enqueue";
export * from "./read";
