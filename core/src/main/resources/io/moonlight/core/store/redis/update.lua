-- KEYS: session. ARGV: field/value pairs. Only an existing session is updated: a plain HSET on a
-- deleted one would leave a stray partial hash behind.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'MISSING'
end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 'OK'
