-- KEYS: session, history, all sessions, user's sessions, user's active sessions,
--       lease node's ports, displays, nodes with leases
-- ARGV: id, lease node seen
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'MISSING'
end
if lease_moved(KEYS[1], ARGV[2]) then
  return 'RETRY'
end
release_lease(KEYS[1], KEYS[6], KEYS[7], KEYS[8], ARGV[1])
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('SREM', KEYS[4], ARGV[1])
redis.call('SREM', KEYS[5], ARGV[1])
return 'DELETED'
