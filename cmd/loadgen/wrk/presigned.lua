-- presigned.lua: wrk sends requests signed ahead of the run, each once.
--
-- cmd/loadgen writes the requests, one file per wrk thread (PREFIX.1,
-- PREFIX.2, ...), each a sequence of records "LENGTH\n" followed by LENGTH
-- bytes: one HTTP/1.1 request exactly as it goes on the wire (request line,
-- headers with a nonce of its own and its signature, body). Signing happens
-- before wrk starts, so it is not measured; the target only verifies.
--
--   wrk -t2 -c32 -d10s -s presigned.lua http://127.0.0.1:PORT/ -- PREFIX
--
-- A thread that runs out of requests starts over from its first one; it
-- counts how often ("exhausted"), because a replayed nonce is answered
-- SignatureNonceUsed, which would show as non-2xx answers. done() prints
-- the counts for cmd/loadgen to check. No response() callback: it would
-- make wrk parse every answer in Lua and slow the driver for both targets.

local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("id", count)
  table.insert(threads, thread)
end

function init(args)
  local prefix = args[1]
  if prefix == nil then
    error("presigned.lua: give the request file prefix after --")
  end
  local f = assert(io.open(prefix .. "." .. id, "rb"))
  local data = f:read("*a")
  f:close()
  reqs = {}
  local pos = 1
  while pos <= #data do
    local nl = string.find(data, "\n", pos, true)
    if nl == nil then break end
    local n = tonumber(string.sub(data, pos, nl - 1))
    reqs[#reqs + 1] = string.sub(data, nl + 1, nl + n)
    pos = nl + n + 1
  end
  if #reqs == 0 then
    error("presigned.lua: no requests in " .. prefix .. "." .. id)
  end
  loaded = #reqs
  next_req = 0
  exhausted = 0
end

function request()
  next_req = next_req + 1
  if next_req > #reqs then
    next_req = 1
    exhausted = exhausted + 1
  end
  return reqs[next_req]
end

function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    io.write(string.format("presigned: thread %d loaded %d requests, exhausted %d times\n",
      t:get("id"), t:get("loaded"), t:get("exhausted")))
  end
end
