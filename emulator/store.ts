/**
 * The emulator's state: objects indexed by type (and by the few fields lists filter on), kept in
 * an append-only log on disk, not in the heap.
 *
 * Why a log and not SQLite/PGlite: Node 20 has no built-in SQLite (a native module would be a new
 * dependency), PGlite keeps its whole database in WASM memory unless given a file system and is
 * slow to start; the emulator only ever needs "latest version of object X" plus a few ordered id
 * lists, which a log with an in-memory index (id → offset) gives at the cost of one `pread` per read.
 *
 * - Every object lives in the log as a record `header\tvalue\n`; the in-memory index holds, per
 *   id, its type, sequence number, `created`, the offset of the latest record and its indexed
 *   field values. Per type, ids are kept in creation order, so lists and cursors never look at
 *   objects of other types, and a page reads only the objects it returns (plus those its filters
 *   reject).
 * - A request works on parsed copies (`get` returns the same copy for the rest of the request);
 *   `commit()` (after each request, helper or timer) writes back the copies whose JSON changed:
 *   persistence is incremental. The log is compacted once it holds more stale bytes than live ones.
 * - Without a data file the log is a temp file deleted on close: the state still is not kept
 *   across restarts, but it is not held in the heap either.
 * - Idempotency keys: kept in insertion (= time) order, expired from the front; their stored
 *   answers live in the log. Events older than 30 days (Stripe's window) are dropped.
 * - A data file in the old format (one JSON document) is imported and rewritten as a log.
 */
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CardBehaviour } from "./cards";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export interface IdempotencyEntry {
  /** A hash of the method, path and params of the first request with the key. */
  requestHash: string;
  status: number;
  body: string;
  requestId: string;
  createdAt: number;
}

/** Emulator-only facts about objects, never rendered in API answers. */
export interface Meta {
  seq: number;
  /** Payment methods: the test behaviour derived from the card number (or bank account). */
  behaviour?: CardBehaviour;
  /** Payment methods: one-shot failure injected by `/_emulator/payment_methods/:id/fail_next`. */
  failNext?: boolean;
  /** Payment methods (us_bank_account): the failure code debits end with; null when they succeed. */
  bankFailure?: string | null;
  /** Payment methods: used once without a customer (a one-off payment method cannot be reused). */
  consumed?: boolean;
  /**
   * Payment methods: 3-D Secure was completed while setting the card up for later use (an
   * off-session SetupIntent, or an on-session PaymentIntent for a customer or with
   * `setup_future_usage`), so later off-session charges of 4000002500003155 need no challenge.
   */
  setUpOffSession?: boolean;
  /** Payment intents: the invoice this intent pays. */
  invoice?: string;
  /** Payment intents: 3-D Secure was completed for the current payment method. */
  authenticated?: boolean;
  /** Payment intents: the return_url given at confirmation (used by the 3-D Secure redirect page). */
  returnUrl?: string;
  /** Payment intents in `processing`: when (emulator clock, ms) the delayed outcome arrives. */
  settlesAt?: number;
  /** Webhook endpoints: signing secret (only shown at creation). */
  secret?: string;
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomId(length = 24): string {
  // Built in one piece: a string grown by `+=` is a rope of `length` cells, and ids live long (index keys).
  const bytes = randomBytes(length);
  for (let i = 0; i < length; i++) bytes[i] = ALPHABET.charCodeAt(bytes[i] % 62);
  return bytes.toString("latin1");
}

export function newId(prefix: string): string {
  return `${prefix}_${randomId(24)}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Stripe keeps events for 30 days. */
export const EVENT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const LOG_HEADER = '{"stripe_emulator_log":1}\n';
const COMPACT_MIN_STALE_BYTES = 32 * 1024 * 1024;

/**
 * The fields lists filter on, indexed per object type: list param → the object's value for it.
 * `listRoute` narrows a list to the index of the first such param the request gives.
 */
const INDEXED: Record<string, Record<string, (o: Obj) => unknown>> = {
  customer: { email: (o) => o.email },
  price: { product: (o) => o.product, lookup_key: (o) => o.lookup_key },
  payment_method: { customer: (o) => o.customer },
  payment_intent: { customer: (o) => o.customer, status: (o) => o.status },
  setup_intent: { customer: (o) => o.customer, payment_method: (o) => o.payment_method },
  charge: { customer: (o) => o.customer, payment_intent: (o) => o.payment_intent },
  refund: { payment_intent: (o) => o.payment_intent, charge: (o) => o.charge, status: (o) => o.status },
  subscription: { customer: (o) => o.customer, status: (o) => o.status },
  invoice: { customer: (o) => o.customer, subscription: (o) => o.parent?.subscription_details?.subscription, status: (o) => o.status },
  invoiceitem: { customer: (o) => o.customer, subscription: (o) => o.parent?.subscription_details?.subscription },
  event: { type: (o) => o.type },
};

const NO_KEYS: string[] = [];
/** Indexed fields with few distinct values: objects share their key arrays. */
const LOW_CARDINALITY = new Set(["type", "status"]);

function indexKeys(o: Obj): string[] {
  const fields = INDEXED[o.object];
  if (!fields) return NO_KEYS;
  const keys: string[] = [];
  for (const [field, get] of Object.entries(fields)) {
    const v = get(o);
    if (typeof v === "string" && v) keys.push(`${field}=${v}`);
  }
  return keys.length ? keys : NO_KEYS;
}

interface Entry {
  type: string;
  seq: number;
  created: number;
  /** Byte offset and length of the latest value in the log (-1 while only in the working set). */
  off: number;
  len: number;
  keys: string[];
}

interface Working {
  obj: Obj;
  meta: Meta;
  /** The JSON last written (null: never written). */
  json: string | null;
}

interface IdemIndexEntry extends Omit<IdempotencyEntry, "body"> {
  off: number;
  len: number;
}

/** Ids of one type in creation order; removals are lazy (the id leaves `entries`). */
class TypeList {
  ids: string[] = [];
  head = 0;
}

export class Store {
  private entries = new Map<string, Entry>();
  private types = new Map<string, TypeList>();
  private byKey = new Map<string, Map<string, { key: string; ids: Set<string> }>>();
  /** Shared key arrays for objects indexed only by low-cardinality fields (event type, status). */
  private sharedKeys = new Map<string, string[]>();
  private working = new Map<string, Working>();
  private idem = new Map<string, IdemIndexEntry>();
  private seq = 0;
  private invoiceNumber = 0;
  private fd: number;
  private size = 0;
  private liveBytes = 0;
  private readonly file: string;
  private readonly tempDir: string | null;
  private pending: string[] = [];
  private countersDirty = false;
  private tornTail = false;
  /** Emulator clock offset (ms) added to wall time: `/_emulator/clock/advance`. */
  clockOffsetMs = 0;

  constructor(dataFile?: string) {
    this.tempDir = dataFile ? null : mkdtempSync(path.join(tmpdir(), "stripe-emulator-"));
    this.file = dataFile ? path.resolve(dataFile) : path.join(this.tempDir!, "state.log");
    mkdirSync(path.dirname(this.file), { recursive: true });
    const legacy = existsSync(this.file) ? this.load() : null;
    if (existsSync(this.file)) {
      this.fd = openSync(this.file, "a+");
      this.size = fstatSync(this.fd).size;
      // A torn last record (crash mid-write) is ignored; the next record starts on a new line.
      if (this.tornTail) {
        this.pending.push("\n");
        this.size += 1;
      }
    } else {
      this.fd = this.openFresh();
    }
    if (legacy) this.importLegacy(legacy);
    if (this.size > 2 * this.liveBytes + COMPACT_MIN_STALE_BYTES) this.compact();
  }

  /** Emulator time in ms (wall time plus what `/_emulator/clock/advance` added). */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  reset(): void {
    this.entries.clear();
    this.types.clear();
    this.byKey.clear();
    this.sharedKeys.clear();
    this.working.clear();
    this.idem.clear();
    this.seq = 0;
    this.invoiceNumber = 0;
    this.pending = [];
    closeSync(this.fd);
    rmSync(this.file, { force: true });
    this.fd = this.openFresh();
    this.liveBytes = 0;
  }

  /** How many objects are stored. */
  count(): number {
    return this.entries.size;
  }

  get(id: string): Obj | undefined {
    return this.work(id)?.obj;
  }

  /** The type of a stored object, without reading it. */
  typeOf(id: string): string | undefined {
    return this.entries.get(id)?.type;
  }

  meta(id: string): Meta {
    return this.work(id)?.meta ?? { seq: 0 };
  }

  insert<T extends Obj>(obj: T, meta: Omit<Meta, "seq"> = {}): T {
    this.seq += 1;
    this.countersDirty = true;
    const entry: Entry = { type: obj.object, seq: this.seq, created: typeof obj.created === "number" ? obj.created : Math.floor(this.now() / 1000), off: -1, len: 0, keys: NO_KEYS };
    this.entries.set(obj.id, entry);
    this.typeList(obj.object).ids.push(obj.id);
    this.working.set(obj.id, { obj, meta: { ...meta, seq: this.seq }, json: null });
    return obj;
  }

  /** Store `obj` under its id again (a nested copy, e.g. a subscription's item, becomes the stored one). */
  set(obj: Obj): void {
    const w = this.work(obj.id);
    if (w) w.obj = obj;
  }

  /** All objects of one `object` type, newest first; with `key` (`field=value`) those its index lists (and this request's). */
  all(objectType: string, key?: string): Obj[] {
    const out: Obj[] = [];
    const ids = this.ordered(objectType, key);
    for (let i = ids.length - 1; i >= 0; i--) if (this.typeOf(ids[i]) === objectType) out.push(this.get(ids[i])!);
    return out;
  }

  /**
   * Ids of `type` in creation order (oldest first; do not modify the array). With `key`
   * (`field=value`, see INDEXED) only those the index lists, plus this request's changed objects
   * of the type (not indexed yet). Ids of removed objects may remain: check `typeOf`.
   */
  ordered(type: string, key?: string): readonly string[] {
    if (key === undefined) {
      const list = this.types.get(type);
      if (!list) return [];
      if (list.head > 0) {
        list.ids = list.ids.slice(list.head);
        list.head = 0;
      }
      return list.ids;
    }
    const ids = new Set(this.byKey.get(type)?.get(key)?.ids ?? []);
    for (const [id, w] of this.working) if (w.obj.object === type) ids.add(id);
    return [...ids].filter((id) => this.entries.has(id)).sort((a, b) => this.entries.get(a)!.seq - this.entries.get(b)!.seq);
  }

  /** Whether `type` has an index for list param `field`. */
  indexed(type: string, field: string): boolean {
    return Boolean(INDEXED[type]?.[field]);
  }

  seqOf(id: string): number | undefined {
    return this.entries.get(id)?.seq;
  }

  createdOf(id: string): number | undefined {
    return this.entries.get(id)?.created;
  }

  nextInvoiceNumber(): string {
    this.invoiceNumber += 1;
    this.countersDirty = true;
    return `EMU-${String(this.invoiceNumber).padStart(4, "0")}`;
  }

  /** Kept for callers that mark a change: `commit` finds changes itself by comparing JSON. */
  changed(): void {}

  // ---- idempotency ------------------------------------------------------------------------

  idempotency(key: string): IdempotencyEntry | undefined {
    this.expireIdempotency();
    const e = this.idem.get(key);
    if (!e) return undefined;
    return { requestHash: e.requestHash, status: e.status, requestId: e.requestId, createdAt: e.createdAt, body: JSON.parse(this.read(e.off, e.len)) as string };
  }

  saveIdempotency(key: string, entry: IdempotencyEntry): void {
    const { body, ...rest } = entry;
    const header = JSON.stringify({ k: "i", id: key, ...rest });
    const value = JSON.stringify(body);
    const off = this.append(header, value);
    this.idem.delete(key);
    this.idem.set(key, { ...rest, off, len: Buffer.byteLength(value) });
    this.liveBytes += Buffer.byteLength(value);
  }

  /** Drop keys older than 24 h: the map is in insertion order, so only its front is looked at. */
  private expireIdempotency(): void {
    const cutoff = this.now() - IDEMPOTENCY_TTL_MS;
    for (const [key, e] of this.idem) {
      if (e.createdAt >= cutoff) break;
      this.idem.delete(key);
      this.liveBytes -= e.len;
    }
  }

  // ---- writing ----------------------------------------------------------------------------

  /** Write back what the current request changed (or created), then forget the working copies. */
  commit(): void {
    for (const [id, w] of this.working) {
      const entry = this.entries.get(id);
      if (!entry) continue;
      const json = JSON.stringify({ o: w.obj, m: w.meta });
      if (json === w.json) continue;
      const keys = indexKeys(w.obj);
      this.reindex(id, entry, keys);
      const header = JSON.stringify({ k: "o", id, t: entry.type, s: entry.seq, c: entry.created, x: keys });
      if (entry.off >= 0) this.liveBytes -= entry.len;
      entry.off = this.append(header, json);
      entry.len = Buffer.byteLength(json);
      this.liveBytes += entry.len;
    }
    this.working.clear();
    if (this.countersDirty) {
      this.countersDirty = false;
      this.append(JSON.stringify({ k: "n", seq: this.seq, inv: this.invoiceNumber }), "null");
    }
    this.pruneEvents();
    this.flush();
    if (this.size > 2 * this.liveBytes + COMPACT_MIN_STALE_BYTES) this.compact();
  }

  /** Write appended records to the log. */
  flush(): void {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join("");
    this.pending = [];
    writeSync(this.fd, chunk);
  }

  close(): void {
    this.commit();
    closeSync(this.fd);
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
  }

  /** Events older than Stripe's 30-day window leave the index (the oldest are at the front). */
  private pruneEvents(): void {
    const list = this.types.get("event");
    if (!list) return;
    const cutoff = Math.floor((this.now() - EVENT_RETENTION_MS) / 1000);
    while (list.head < list.ids.length) {
      const id = list.ids[list.head];
      const entry = this.entries.get(id);
      if (entry && entry.created >= cutoff) break;
      if (entry) this.remove(id, entry);
      list.head += 1;
    }
    if (list.head > 1024 && list.head * 2 > list.ids.length) {
      list.ids = list.ids.slice(list.head);
      list.head = 0;
    }
  }

  private remove(id: string, entry: Entry): void {
    this.reindex(id, entry, NO_KEYS);
    this.entries.delete(id);
    if (entry.off >= 0) this.liveBytes -= entry.len;
    this.append(JSON.stringify({ k: "d", id }), "null");
  }

  private reindex(id: string, entry: Entry, keys: string[]): void {
    if (entry.keys.length === 0 && keys.length === 0) return;
    let forType = this.byKey.get(entry.type);
    if (!forType) this.byKey.set(entry.type, (forType = new Map()));
    for (const k of entry.keys) {
      if (keys.includes(k)) continue;
      const holder = forType.get(k);
      holder?.ids.delete(id);
      if (holder && holder.ids.size === 0) forType.delete(k);
    }
    // The index's own copy of each key string (one per distinct value, not one per object).
    const own = keys.map((k) => {
      let holder = forType!.get(k);
      if (!holder) forType!.set(k, (holder = { key: k, ids: new Set() }));
      holder.ids.add(id);
      return holder.key;
    });
    entry.keys = own.every((k) => LOW_CARDINALITY.has(k.slice(0, k.indexOf("=")))) ? this.shared(own) : own;
  }

  private shared(keys: string[]): string[] {
    const sig = keys.join("\u0001");
    let arr = this.sharedKeys.get(sig);
    if (!arr) this.sharedKeys.set(sig, (arr = keys));
    return arr;
  }

  private typeList(type: string): TypeList {
    let list = this.types.get(type);
    if (!list) this.types.set(type, (list = new TypeList()));
    return list;
  }

  /** Queue a record; returns the offset its value will have. */
  private append(header: string, value: string): number {
    const off = this.size + Buffer.byteLength(header) + 1;
    const line = `${header}\t${value}\n`;
    this.pending.push(line);
    this.size += Buffer.byteLength(line);
    return off;
  }

  private read(off: number, len: number): string {
    this.flush();
    const buf = Buffer.allocUnsafe(len);
    let done = 0;
    while (done < len) done += readSync(this.fd, buf, done, len - done, off + done);
    return buf.toString("utf8");
  }

  private work(id: string): Working | undefined {
    const w = this.working.get(id);
    if (w) return w;
    const entry = this.entries.get(id);
    if (!entry || entry.off < 0) return undefined;
    const json = this.read(entry.off, entry.len);
    const parsed = JSON.parse(json) as { o: Obj; m: Meta };
    const fresh: Working = { obj: parsed.o, meta: parsed.m, json };
    this.working.set(id, fresh);
    return fresh;
  }

  private openFresh(): number {
    const fd = openSync(this.file, "w+");
    writeSync(fd, LOG_HEADER);
    this.size = Buffer.byteLength(LOG_HEADER);
    return fd;
  }

  /** Rewrite the log with live records only (atomically: write-then-rename). */
  private compact(): void {
    this.flush();
    const tmp = `${this.file}.${process.pid}.compact`;
    const out = openSync(tmp, "w");
    let size = 0;
    let chunk: string[] = [];
    let chunkBytes = 0;
    const write = (header: string, value: string): number => {
      const off = size + Buffer.byteLength(header) + 1;
      const line = `${header}\t${value}\n`;
      chunk.push(line);
      const n = Buffer.byteLength(line);
      size += n;
      chunkBytes += n;
      if (chunkBytes > 4 * 1024 * 1024) {
        writeSync(out, chunk.join(""));
        chunk = [];
        chunkBytes = 0;
      }
      return off;
    };
    chunk.push(LOG_HEADER);
    size = chunkBytes = Buffer.byteLength(LOG_HEADER);
    write(JSON.stringify({ k: "n", seq: this.seq, inv: this.invoiceNumber }), "null");
    const moved: [Entry | IdemIndexEntry, number][] = [];
    for (const [id, entry] of this.entries) {
      if (entry.off < 0) continue;
      const value = this.read(entry.off, entry.len);
      moved.push([entry, write(JSON.stringify({ k: "o", id, t: entry.type, s: entry.seq, c: entry.created, x: entry.keys }), value)]);
    }
    this.expireIdempotency();
    for (const [key, e] of this.idem) {
      const { off: _off, len: _len, ...rest } = e;
      moved.push([e, write(JSON.stringify({ k: "i", id: key, ...rest }), this.read(e.off, e.len))]);
    }
    writeSync(out, chunk.join(""));
    closeSync(out);
    renameSync(tmp, this.file);
    closeSync(this.fd);
    this.fd = openSync(this.file, "a+");
    for (const [e, off] of moved) e.off = off;
    this.size = size;
  }

  /**
   * Rebuild the index from the log. Returns the parsed document of an old-format (single JSON)
   * data file to import, null for a log, undefined for a file that is neither (started afresh).
   */
  private load(): Obj | null | undefined {
    const fd = openSync(this.file, "r");
    try {
      const first = Buffer.alloc(LOG_HEADER.length);
      readSync(fd, first, 0, first.length, 0);
      if (first.toString("utf8") !== LOG_HEADER) {
        closeSync(fd);
        let legacy: Obj | undefined;
        try {
          legacy = JSON.parse(readFileSync(this.file, "utf8")) as Obj;
        } catch {
          legacy = undefined;
        }
        // A corrupt file must not stop the emulator: start empty (the file is replaced).
        rmSync(this.file, { force: true });
        return legacy && typeof legacy === "object" ? legacy : undefined;
      }
      const buf = Buffer.allocUnsafe(8 * 1024 * 1024);
      let fileOff = LOG_HEADER.length;
      let carry = Buffer.alloc(0);
      let carryOff = fileOff;
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, fileOff);
        if (n === 0) break;
        const data = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
        const dataOff = carry.length ? carryOff : fileOff;
        let start = 0;
        for (;;) {
          const nl = data.indexOf(10, start);
          if (nl === -1) break;
          this.loadRecord(data, start, nl, dataOff);
          start = nl + 1;
        }
        carry = Buffer.from(data.subarray(start));
        carryOff = dataOff + start;
        fileOff += n;
      }
      this.tornTail = carry.length > 0;
      for (const [id, entry] of [...this.entries].sort((a, b) => a[1].seq - b[1].seq)) this.typeList(entry.type).ids.push(id);
      for (const [id, entry] of this.entries) {
        const keys = entry.keys;
        entry.keys = NO_KEYS;
        this.reindex(id, entry, keys);
      }
      return null;
    } finally {
      try {
        closeSync(fd);
      } catch {
        // already closed (legacy file)
      }
    }
  }

  private loadRecord(data: Buffer, start: number, end: number, dataOff: number): void {
    const tab = data.indexOf(9, start);
    if (tab === -1 || tab > end) return;
    let h: Obj;
    try {
      h = JSON.parse(data.toString("utf8", start, tab)) as Obj;
    } catch {
      return;
    }
    const off = dataOff + tab + 1;
    const len = end - tab - 1;
    if (h.k === "o") {
      const prev = this.entries.get(h.id);
      if (prev) this.liveBytes -= prev.len;
      this.entries.set(h.id, { type: h.t, seq: h.s, created: h.c, off, len, keys: h.x?.length ? h.x : NO_KEYS });
      this.liveBytes += len;
    } else if (h.k === "d") {
      const prev = this.entries.get(h.id);
      if (prev) this.liveBytes -= prev.len;
      this.entries.delete(h.id);
    } else if (h.k === "n") {
      this.seq = Math.max(this.seq, h.seq);
      this.invoiceNumber = Math.max(this.invoiceNumber, h.inv);
    } else if (h.k === "i") {
      const prev = this.idem.get(h.id);
      if (prev) this.liveBytes -= prev.len;
      this.idem.delete(h.id);
      this.idem.set(h.id, { requestHash: h.requestHash, status: h.status, requestId: h.requestId, createdAt: h.createdAt, off, len });
      this.liveBytes += len;
    }
  }

  /** Objects and metadata of an old-format data file, written as log records. */
  private importLegacy(data: Obj): void {
    const objects = (data.objects ?? {}) as Record<string, Obj>;
    const meta = (data.meta ?? {}) as Record<string, Meta>;
    const ids = Object.keys(objects).sort((a, b) => (meta[a]?.seq ?? 0) - (meta[b]?.seq ?? 0));
    for (const id of ids) {
      const { seq: _seq, ...m } = meta[id] ?? { seq: 0 };
      this.insert(objects[id], m);
    }
    this.invoiceNumber = Number(data.invoiceNumber ?? 0);
    this.countersDirty = true;
    // Idempotency keys of the old format hashed params alone: not imported (their requests can no longer be matched).
    this.commit();
  }
}
