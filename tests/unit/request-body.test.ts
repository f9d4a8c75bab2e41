import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_BODY_BYTES, readBody } from "@/lib/http/body";

/** A chunked upload: `total` bytes in 16 KiB chunks, no Content-Length; counts what was pulled. */
function chunkedRequest(contentType: string, prefix: string, total: number, fill = "x") {
  const chunk = new TextEncoder().encode(fill.repeat(16 * 1024));
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) {
        const head = new TextEncoder().encode(prefix);
        sent += head.byteLength;
        controller.enqueue(head);
      } else if (sent < total) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      } else {
        controller.close();
      }
    },
  });
  const req = new Request("http://localhost/api/token/obtain", {
    method: "POST",
    headers: { "content-type": contentType },
    body: stream,
    duplex: "half",
  } as RequestInit);
  return { req, pulled: () => sent };
}

const schema = z.object({ username: z.string(), password: z.string() }).partial();
const HUGE = 8 * 1024 * 1024;
const boundary = "----cashline";

describe("readBody caps every body while streaming", () => {
  it.each([
    ["urlencoded", "application/x-www-form-urlencoded", "username="],
    ["multipart", `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data; name="username"\r\n\r\n`],
    ["JSON", "application/json", '{"username":"'],
  ])("a chunked %s body larger than the cap → 413, having read little more than the cap", async (_name, type, prefix) => {
    const { req, pulled } = chunkedRequest(type, prefix, HUGE);
    const result = await readBody(req, schema);
    expect(result).toMatchObject({ ok: false, problem: { status: 413, code: "payload_too_large" } });
    // The stream is pulled ahead by a chunk or two at most; never the whole 8 MiB.
    expect(pulled()).toBeLessThan(MAX_BODY_BYTES + 4 * 16 * 1024);
  });

  it("parses a small urlencoded form from the capped bytes", async () => {
    const req = new Request("http://localhost/x", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "username=ann%40example.com&password=p%26ss",
    });
    expect(await readBody(req, schema)).toEqual({ ok: true, data: { username: "ann@example.com", password: "p&ss" } });
  });

  it("parses a small multipart form, text fields only", async () => {
    const form = new FormData();
    form.set("username", "ann@example.com");
    form.set("password", "secret-pass");
    form.set("file", new Blob(["binary"]), "a.bin");
    const req = new Request("http://localhost/x", { method: "POST", body: form });
    expect(await readBody(req, schema)).toEqual({ ok: true, data: { username: "ann@example.com", password: "secret-pass" } });
  });

  it("a broken multipart body is a 400, not a crash", async () => {
    const req = new Request("http://localhost/x", { method: "POST", headers: { "content-type": "multipart/form-data; boundary=nope" }, body: "--other\r\n\r\n" });
    expect(await readBody(req, schema)).toMatchObject({ ok: false, problem: { status: 400 } });
  });

  it("JSON nested deeper than the limit is a 400", async () => {
    const deep = '{"username":"a","x":' + '{"a":'.repeat(5000) + "1" + "}".repeat(5000) + "}";
    const req = new Request("http://localhost/x", { method: "POST", headers: { "content-type": "application/json" }, body: deep });
    expect(await readBody(req, schema)).toMatchObject({ ok: false, problem: { status: 400, fields: { body: ["is nested too deeply"] } } });
  });
});
