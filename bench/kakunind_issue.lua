-- wrk script: code issue (POST /v1/password/reset) for the accounts bench/kakunind_load.sh
-- created, so every request generates, hashes, seals and stores a code and queues a mail that the
-- delivery thread writes (fsynced) to the Maildir outbox.
math.randomseed(os.time() + 1)
local accounts = tonumber(os.getenv("KAKUNIND_ACCOUNTS") or "200")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local body = string.format('{"email":"acct%d@example.com"}', math.random(0, accounts - 1))
  return wrk.format(nil, "/v1/password/reset", nil, body)
end
