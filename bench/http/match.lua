-- wrk script: POST /match/default with one query per request, cycling through the names
-- in the file named by env NAMES (one per line: list names and placebo names), so the
-- server scores varied queries as a real onboarding flow sends them.
local names = {}
local path = os.getenv("NAMES") or "/tmp/embargo_names.txt"
for line in io.lines(path) do
  if #line > 0 then names[#names + 1] = line end
end
local i = 0
request = function()
  i = i % #names + 1
  local name = names[i]:gsub('\\', '\\\\'):gsub('"', '\\"')
  local body = '{"queries":{"q":{"schema":"Person","properties":{"name":["' .. name .. '"]}}}}'
  return wrk.format("POST", "/match/default", {["Content-Type"] = "application/json"}, body)
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors connect %d read %d write %d status %d timeout %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%g %.3f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("rate %.0f req/s\n", summary.requests / (summary.duration / 1e6)))
end
