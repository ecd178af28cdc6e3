-- wrk script: print p50 and p95 latency (ms) and the request rate as one tab-separated line.
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT\t%.1f\t%.1f\t%.1f\t%d\t%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.requests / seconds, summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
