import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/errors";
import { parseSeed000Body, REQUIRED } from "@/lib/ivr/card";

const ok = { cc_num: "4242424242424242", cvv: "123", exp_date: "1230", trans_id: "t-1" };

function fieldsOf(body: Record<string, unknown>): Record<string, string[]> {
  try {
    parseSeed000Body(body);
  } catch (err) {
    if (err instanceof DomainError) return err.fields ?? {};
    throw err;
  }
  return {};
}

describe("seed 000's card fields (lib/ivr/card.ts)", () => {
  it("parses a good body: digits only, MMYY into month and four-digit year", () => {
    expect(parseSeed000Body({ ...ok, cc_num: "4242-4242 4242-4242" })).toEqual({
      card: { number: "4242424242424242", cvc: "123", expMonth: 12, expYear: 2030 },
      transId: "t-1",
    });
    expect(parseSeed000Body({ ...ok, exp_date: "07/29" }).card).toMatchObject({ expMonth: 7, expYear: 2029 });
    expect(parseSeed000Body({ ...ok, cc_num: 378282246310005, cvv: 1234 }).card).toMatchObject({ number: "378282246310005", cvc: "1234" });
  });

  it("names every missing or blank field at once", () => {
    expect(fieldsOf({ cc_num: "", cvv: null, exp_date: "   " })).toEqual({ cc_num: [REQUIRED], cvv: [REQUIRED], exp_date: [REQUIRED], trans_id: [REQUIRED] });
  });

  it.each([
    ["letters in the number", { cc_num: "4242abcd42424242" }, "cc_num"],
    ["14 digits", { cc_num: "42424242424242" }, "cc_num"],
    ["20 digits", { cc_num: "42424242424242424242" }, "cc_num"],
    ["a failed Luhn check", { cc_num: "4242424242424241" }, "cc_num"],
    ["a number too large to be exact", { cc_num: 99999999999999999999 }, "cc_num"],
    ["a 2-digit CVV", { cvv: "12" }, "cvv"],
    ["a 5-digit CVV", { cvv: "12345" }, "cvv"],
    ["month 13", { exp_date: "1330" }, "exp_date"],
    ["month 00", { exp_date: "0030" }, "exp_date"],
    ["a four-digit year", { exp_date: "122030" }, "exp_date"],
    ["an object for a field", { trans_id: { id: 1 } }, "trans_id"],
  ])("refuses %s under its field", (_what, change, field) => {
    expect(Object.keys(fieldsOf({ ...ok, ...change }))).toEqual([field]);
  });
});
