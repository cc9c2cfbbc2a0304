-- KEYS: session, history, user's active sessions, lease node's ports, displays, nodes with leases,
--       live sessions in listing order
-- ARGV: expected state, next state, time, history entry, '1' when next is final, id, lease node seen
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return 'MISSING'
end
if state ~= ARGV[1] then
  return 'CONFLICT'
end
if ARGV[5] == '1' then
  if lease_moved(KEYS[1], ARGV[7]) then
    return 'RETRY'
  end
  release_lease(KEYS[1], KEYS[4], KEYS[5], KEYS[6], ARGV[6])
  redis.call('SREM', KEYS[3], ARGV[6])
  redis.call('ZREM', KEYS[7], listing_position(KEYS[1], ARGV[6]))
end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'updated_at', ARGV[3])
redis.call('RPUSH', KEYS[2], ARGV[4])
return 'OK'
