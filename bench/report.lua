-- wrk script: an optional pause between a connection's requests (for a set rate), optional
-- cache-missing addresses, and a one-line JSON summary that bench/pages.py reads.
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
local uncached = os.getenv("BENCH_UNCACHED") == "1"
local counter = 0

-- A query parameter no view reads, different on every request, so no page comes from the
-- readers' page cache: what rendering costs.
if uncached then
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  function request()
    counter = counter + 1
    local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
    local path = wrk.path .. separator .. "render=" .. math.random(1, 1e9) .. "-" .. counter
    return wrk.format(nil, path)
  end
end

if pause > 0 then
  function delay()
    return pause
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "bytes": %d, "p50": %.3f, "p95": %.3f, "p99": %.3f, "non2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
