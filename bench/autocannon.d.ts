// The part of autocannon's API bench/run.ts uses (the package ships no types).
declare module "autocannon" {
  type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string; setupRequest?: (req: Request) => Request };
  type Options = { url: string; connections?: number; duration?: number; pipelining?: number; method?: string; headers?: Record<string, string>; body?: string; requests?: Request[] };
  type Histogram = { average: number; p50: number; p99: number; mean: number };
  type Result = { requests: Histogram & { total: number }; latency: Histogram; throughput: Histogram; non2xx: number; errors: number; timeouts: number; "2xx": number };
  function autocannon(opts: Options): Promise<Result>;
  export default autocannon;
}
