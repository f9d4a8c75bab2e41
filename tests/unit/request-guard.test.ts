import { describe, expect, it } from "vitest";
import { refuseUnservableRequest } from "@/lib/http/request-guard";

describe("requests refused before Next.js", () => {
  it.each(["TRACE", "TRACK", "CONNECT", "trace"])("%s → 405 with Allow", (method) => {
    expect(refuseUnservableRequest(method, "/api/v1/health")).toMatchObject({ status: 405, code: "method_not_allowed", headers: { Allow: expect.stringContaining("GET") } });
  });

  it.each(["/products/%ff", "/api/v1/orders/%ff", "/a%ffb", "/%e2%82", "/%"])("an undecodable path %s → 400", (url) => {
    expect(refuseUnservableRequest("GET", url)).toMatchObject({ status: 400, code: "malformed_path" });
  });

  it.each(["/", "/products/stoneware-mug", "/products/caf%C3%A9", "/api/v1/orders/x?token=%ff", "/search?q=%00"])("%s passes (queries are Next's to parse)", (url) => {
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) expect(refuseUnservableRequest(method, url)).toBeNull();
  });
});
