import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/bench/constant: a constant, through the same route() wrapper (and proxy) as every
// API route. The reference `npm run bench` divides the API and webhook req/s by; harmless in
// production (no data, no user, no side effect).
export const GET = route({ auth: "none" }, async () => json({ ok: true }));
