-- wrk script: code verifications (POST /v1/email/verify) for random addresses, so every request
-- runs the full verify transaction (budget check, code lookup, failure charged) without hitting
-- one address's lock. Used by bench/kakunind_load.sh.
math.randomseed(os.time())
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local body = string.format('{"email":"load%d@example.com","flow_id":"f%d","code":"%06d"}',
                             math.random(1, 100000000), math.random(1, 100000000), math.random(0, 999999))
  return wrk.format(nil, "/v1/email/verify", nil, body)
end
