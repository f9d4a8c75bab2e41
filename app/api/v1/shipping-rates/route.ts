import { z } from "zod";
import { env } from "@/lib/env";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { countrySchema, ratesForCountry, toShippingRateDto } from "@/lib/shipping";

export const dynamic = "force-dynamic";

const querySchema = z.object({ country: countrySchema });

// GET /api/v1/shipping-rates?country=XX: the shipping methods offered for a destination, in the
// store currency; a missing, malformed or unserved country is a 400 naming `country`.
export const GET = route({ auth: "none", query: querySchema }, async ({ query }) =>
  json({ country: query.country, data: (await ratesForCountry(query.country, env().STORE_CURRENCY)).map(toShippingRateDto) }),
);
