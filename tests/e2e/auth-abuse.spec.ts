import { expect, test } from "./fixtures";
import { callFrom, loopbackAddress, randomIpv4, statusCounts } from "./support/clients";
import { uniqueEmail } from "./support/shop";

// Issue 8's attack run, replayed against the production build (no TRUSTED_PROXIES: the socket
// address is the client). Each attacker calls from a loopback address of its own.
const tokenUrl = () => `${process.env.E2E_BASE_URL}/api/v1/auth/token`;

test.describe("sign-in abuse", () => {
  test("spoofed forwarding headers do not escape the per-IP limit (M1)", async () => {
    const attacker = loopbackAddress();
    const responses = [];
    for (let i = 0; i < 100; i++) {
      // Every attempt claims another client, by each header a proxy could have set.
      const spoof = randomIpv4();
      const headers: Record<string, string> =
        i % 2 === 0 ? { "X-Forwarded-For": `${spoof}, ${randomIpv4()}` } : { "X-Real-IP": spoof, "X-Cashline-Peer": `forged ${spoof}` };
      responses.push(await callFrom(attacker, tokenUrl(), { headers, json: { email: uniqueEmail(`spray${i}`), password: "Winter2024!" } }));
    }
    const counts = statusCounts(responses);
    console.log(`M1: 100 spoofed attempts from ${attacker}:`, JSON.stringify(counts));
    expect(counts).toEqual({ "401": 20, "429": 80 });
    const limited = responses.find((r) => r.status === 429)!;
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(JSON.parse(limited.body)).toEqual({ error: { code: "rate_limited", message: expect.stringMatching(/^Too many sign-in attempts/) } });
  });
});
