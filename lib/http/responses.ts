/** A JSON answer that no cache keeps (every API answer is per caller or changes). */
export function json(body: unknown, init?: number | ResponseInit): Response {
  const responseInit = typeof init === "number" ? { status: init } : init;
  return Response.json(body, { ...responseInit, headers: { "Cache-Control": "no-store", ...responseInit?.headers } });
}
