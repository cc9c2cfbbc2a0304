-- KEYS: all sessions, nodes with leases, all in listing order, then for each candidate seven keys:
--       session, history, user's sessions, user's active sessions, lease node's ports, displays, user's
--       sessions in listing order
-- ARGV: cut-off time, then for each candidate: id, lease node seen
-- A candidate is deleted only if it is still ENDED or FAILED, last changed before the cut-off, and its
-- lease (should it hold one) has not moved since it was read; the others are left for a later call.
local deleted = {}
for i = 0, (#ARGV - 1) / 2 - 1 do
  local k, id, seen = 4 + i * 7, ARGV[2 + i * 2], ARGV[3 + i * 2]
  local found = redis.call('HMGET', KEYS[k], 'state', 'updated_at')
  local state, updated = found[1], found[2]
  if (state == 'ENDED' or state == 'FAILED') and updated and updated < ARGV[1] and not lease_moved(KEYS[k], seen) then
    release_lease(KEYS[k], KEYS[k + 4], KEYS[k + 5], KEYS[2], id)
    local position = listing_position(KEYS[k], id)
    redis.call('ZREM', KEYS[3], position)
    redis.call('ZREM', KEYS[k + 6], position)
    redis.call('DEL', KEYS[k], KEYS[k + 1])
    redis.call('SREM', KEYS[1], id)
    redis.call('SREM', KEYS[k + 2], id)
    redis.call('SREM', KEYS[k + 3], id)
    deleted[#deleted + 1] = id
  end
end
return deleted
