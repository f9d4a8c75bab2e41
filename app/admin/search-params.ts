/** An admin list's filters from its URL: the named parameters that are set, first value, trimmed. */
export function pickSearchParams(params: Record<string, string | string[] | undefined>, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = params[name];
    const value = (Array.isArray(v) ? v[0] : v)?.trim();
    if (value) out[name] = value;
  }
  return out;
}
