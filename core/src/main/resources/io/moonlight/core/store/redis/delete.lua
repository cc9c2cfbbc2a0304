-- KEYS: session, history, all sessions, user's sessions, user's active sessions,
--       lease node's ports, displays, nodes with leases, all in listing order, user's in listing order,
--       live ones in listing order
-- ARGV: id, lease node seen
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'MISSING'
end
if lease_moved(KEYS[1], ARGV[2]) then
  return 'RETRY'
end
release_lease(KEYS[1], KEYS[6], KEYS[7], KEYS[8], ARGV[1])
local position = listing_position(KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[9], position)
redis.call('ZREM', KEYS[10], position)
redis.call('ZREM', KEYS[11], position)
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('SREM', KEYS[4], ARGV[1])
redis.call('SREM', KEYS[5], ARGV[1])
return 'DELETED'
