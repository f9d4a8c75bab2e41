import type { MetadataRoute } from "next";
import { env } from "@/lib/env";

// Read at request time: the store's name is runtime configuration.
export const dynamic = "force-dynamic";

export default function manifest(): MetadataRoute.Manifest {
  const name = env().STORE_NAME;
  return {
    name,
    short_name: name,
    description: `${name}: well-made things for the desk and the kitchen.`,
    start_url: "/",
    display: "standalone",
    background_color: "#fafaf9",
    theme_color: "#2f6f5e",
    icons: [{ src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" }],
  };
}
