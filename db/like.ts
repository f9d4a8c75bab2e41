/** `%`, `_` and `\` in a LIKE pattern, taken literally (the search boxes and path filters). */
export const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
