"use client";

import { useRef, useState } from "react";

/**
 * A payment form's submit: one at a time (a double click must not start two payments: the ref
 * flips before React re-renders), with its busy flag and the message to show.
 */
export function useSingleSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const run = async (work: () => Promise<void>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      await work();
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
