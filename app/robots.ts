import type { MetadataRoute } from "next";
import { env } from "@/lib/env";
import { absoluteUrl, PRIVATE_PATHS } from "@/lib/seo";

// Read at request time: the public URL is runtime configuration.
export const dynamic = "force-dynamic";

export default function robots(): MetadataRoute.Robots {
  const appUrl = env().appUrl;
  return {
    rules: { userAgent: "*", allow: "/", disallow: [...PRIVATE_PATHS] },
    sitemap: absoluteUrl(appUrl, "/sitemap.xml"),
  };
}
