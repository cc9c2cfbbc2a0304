-- KEYS: session. ARGV: time. A session that ended or failed takes no more heartbeats.
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return 'MISSING'
end
if state == 'ENDED' or state == 'FAILED' then
  return state
end
redis.call('HSET', KEYS[1], 'heartbeat_at', ARGV[1])
return 'OK'
