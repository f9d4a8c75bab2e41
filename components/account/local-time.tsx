"use client";

import { useSyncExternalStore } from "react";

const FIELDS: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" };
const noSubscription = () => () => undefined;

/**
 * A moment shown in the shopper's own time zone ("Dec 2, 2026, 4:21 PM GMT+1"). The server does
 * not know the zone, so it renders UTC (named as such); once hydrated, the browser's zone and
 * locale take over — no hydration mismatch, and the `<time>` element keeps the exact instant.
 */
export function LocalTime({ value, className }: { value: Date | string; className?: string }) {
  const inBrowser = useSyncExternalStore(noSubscription, () => true, () => false);
  const date = typeof value === "string" ? new Date(value) : value;
  const text = inBrowser
    ? new Intl.DateTimeFormat(undefined, FIELDS).format(date)
    : new Intl.DateTimeFormat("en-US", { ...FIELDS, timeZone: "UTC" }).format(date);
  return (
    <time dateTime={date.toISOString()} className={className} suppressHydrationWarning>
      {text}
    </time>
  );
}
