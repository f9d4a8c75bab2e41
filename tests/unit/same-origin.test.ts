import { describe, expect, it } from "vitest";
import { crossOriginProblem } from "@/lib/auth/same-origin";
import { env } from "@/lib/env";

// As a browser sends it to http://127.0.0.1:4000 (Next's own req.url may name another host).
const post = (headers: Record<string, string>) =>
  new Request("http://localhost:4000/api/order/", { method: "POST", headers: { Host: "127.0.0.1:4000", ...headers } });

describe("same-origin check for cookie-authenticated routes (L1)", () => {
  it("lets through requests from the site itself", () => {
    expect(crossOriginProblem(post({ Origin: "http://127.0.0.1:4000", "Sec-Fetch-Site": "same-origin" }))).toBeNull();
    // APP_URL's origin too, when the server is reached under another name.
    expect(crossOriginProblem(post({ Origin: new URL(env().appUrl).origin }))).toBeNull();
  });

  it("lets through clients that are not browsers (no Origin, no Sec-Fetch-Site) and token clients", () => {
    expect(crossOriginProblem(post({}))).toBeNull();
    expect(crossOriginProblem(post({ Authorization: "JWT abc", Origin: "https://frontend.example", "Sec-Fetch-Site": "cross-site" }))).toBeNull();
  });

  it("refuses another origin of the same site, another site, and opaque origins", () => {
    const refused: Record<string, string>[] = [
      { Origin: "http://127.0.0.1:4001" },
      { Origin: "http://shop.127.0.0.1.nip.io:4000" },
      { Origin: "null" },
      { "Sec-Fetch-Site": "same-site" },
      { "Sec-Fetch-Site": "cross-site", Origin: "http://127.0.0.1:4000" },
    ];
    for (const headers of refused) {
      expect(crossOriginProblem(post(headers)), JSON.stringify(headers)).toMatchObject({ code: "cross_origin_request" });
    }
  });
});
