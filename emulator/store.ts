/**
 * In-memory state of the emulator, optionally persisted to a JSON file (debounced, atomic
 * write-then-rename) so a dev emulator survives restarts.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CardBehaviour } from "./cards";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export interface IdempotencyEntry {
  method: string;
  path: string;
  paramsHash: string;
  status: number;
  body: string;
  requestId: string;
  createdAt: number;
}

/** Emulator-only facts about objects, never rendered in API answers. */
export interface Meta {
  seq: number;
  /** Payment methods: the test behaviour derived from the card number. */
  behaviour?: CardBehaviour;
  /** Payment methods: one-shot failure injected by `/_emulator/payment_methods/:id/fail_next`. */
  failNext?: boolean;
  /** Payment methods: authenticated (3-D Secure) by an off-session SetupIntent, so later off-session charges need no challenge. */
  setUpOffSession?: boolean;
  /** Payment intents: the invoice this intent pays. */
  invoice?: string;
  /** Payment intents: 3-D Secure was completed for the current payment method. */
  authenticated?: boolean;
  /** Payment intents: the return_url given at confirmation (used by the 3-D Secure redirect page). */
  returnUrl?: string;
  /** Webhook endpoints: signing secret (only shown at creation). */
  secret?: string;
}

export interface StateData {
  seq: number;
  invoiceNumber: number;
  objects: Record<string, Obj>;
  meta: Record<string, Meta>;
  idempotency: Record<string, IdempotencyEntry>;
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomId(length = 24): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % 62];
  return out;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomId(24)}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function emptyState(): StateData {
  return { seq: 0, invoiceNumber: 0, objects: {}, meta: {}, idempotency: {} };
}

export class Store {
  data: StateData = emptyState();
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;

  constructor(private readonly dataFile?: string) {
    if (dataFile && existsSync(dataFile)) {
      try {
        const loaded = JSON.parse(readFileSync(dataFile, "utf8")) as Partial<StateData>;
        this.data = { ...emptyState(), ...loaded };
      } catch {
        // A corrupt file must not stop the emulator: start empty and overwrite it on the next write.
        this.data = emptyState();
      }
    }
  }

  reset(): void {
    this.data = emptyState();
    this.changed();
  }

  get(id: string): Obj | undefined {
    return this.data.objects[id];
  }

  meta(id: string): Meta {
    return (this.data.meta[id] ??= { seq: 0 });
  }

  insert<T extends Obj>(obj: T, meta: Omit<Meta, "seq"> = {}): T {
    this.data.seq += 1;
    this.data.objects[obj.id] = obj;
    this.data.meta[obj.id] = { ...meta, seq: this.data.seq };
    this.changed();
    return obj;
  }

  /** Store `obj` under its id again (a nested copy, e.g. a subscription's item, becomes the stored one). */
  set(obj: Obj): void {
    this.data.objects[obj.id] = obj;
  }

  /** All objects of one `object` type, newest first (Stripe's list order). */
  all(objectType: string): Obj[] {
    const out: Obj[] = [];
    for (const o of Object.values(this.data.objects)) if (o.object === objectType) out.push(o);
    return out.sort((a, b) => (this.data.meta[b.id]?.seq ?? 0) - (this.data.meta[a.id]?.seq ?? 0));
  }

  nextInvoiceNumber(): string {
    this.data.invoiceNumber += 1;
    return `EMU-${String(this.data.invoiceNumber).padStart(4, "0")}`;
  }

  /** Mark state as changed; written to `dataFile` at most every 100 ms. */
  changed(): void {
    if (!this.dataFile) return;
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, 100);
    this.timer.unref?.();
  }

  flush(): void {
    if (!this.dataFile || !this.dirty) return;
    this.dirty = false;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    mkdirSync(path.dirname(path.resolve(this.dataFile)), { recursive: true });
    const tmp = `${this.dataFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data));
    renameSync(tmp, this.dataFile);
  }
}
