-- KEYS: session, history, all sessions, user's sessions, user's active sessions, all in listing order,
--       user's in listing order, live ones in listing order
-- ARGV: limit, id, first history entry, listing position, then the session's field/value pairs
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 'EXISTS'
end
if redis.call('SCARD', KEYS[5]) >= tonumber(ARGV[1]) then
  return 'LIMIT'
end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('SADD', KEYS[4], ARGV[2])
redis.call('SADD', KEYS[5], ARGV[2])
redis.call('ZADD', KEYS[6], 0, ARGV[4])
redis.call('ZADD', KEYS[7], 0, ARGV[4])
redis.call('ZADD', KEYS[8], 0, ARGV[4])
return 'OK'
