-- wrk reporter for bench/web.py: one JSON line with p50 and p95 (wrk's own --latency has no p95).
-- Latencies are in microseconds, as wrk records them. A replayed request's script (bench/web.py: Replay) may
-- count its responses in a per-thread global table `statuses` ({"302 /s/.../thanks/" = n}); they are summed here.
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

local function json_string(text)
  return '"' .. text:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

done = function(summary, latency, requests)
  local statuses = {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("statuses") or {}) do
      statuses[key] = (statuses[key] or 0) + n
    end
  end
  local parts = {}
  for key, n in pairs(statuses) do
    table.insert(parts, string.format("%s: %d", json_string(key), n))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "max_us": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, "statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout, table.concat(parts, ", ")))
end
