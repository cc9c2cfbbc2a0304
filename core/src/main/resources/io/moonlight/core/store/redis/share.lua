-- KEYS: session. ARGV: share id, expiry, maximum viewers (all empty: no share), then the session
-- states in which it may be shared. Not a state change: no history entry, updated_at stays.
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return 'MISSING'
end
for i = 4, #ARGV do
  if ARGV[i] == state then
    if ARGV[1] == '' then
      redis.call('HDEL', KEYS[1], 'share_id', 'share_expires_at', 'share_max_viewers')
    else
      redis.call('HSET', KEYS[1], 'share_id', ARGV[1], 'share_expires_at', ARGV[2], 'share_max_viewers', ARGV[3])
    end
    return 'OK'
  end
end
return state
