-- Shared by the scripts that free a session's lease or delete a session. The caller read lease_node
-- first and passed that node's keys; if the lease moved since, the script answers RETRY and changes
-- nothing.
local function lease_moved(session_key, seen_node)
  return (redis.call('HGET', session_key, 'lease_node') or '') ~= seen_node
end

local function release_lease(session_key, ports_key, displays_key, nodes_key, id)
  local node = redis.call('HGET', session_key, 'lease_node')
  if not node then
    return false
  end
  local port = redis.call('HGET', session_key, 'sunshine_base_port')
  local display = redis.call('HGET', session_key, 'display')
  if port and redis.call('HGET', ports_key, port) == id then
    redis.call('HDEL', ports_key, port)
  end
  if display and redis.call('HGET', displays_key, display) == id then
    redis.call('HDEL', displays_key, display)
  end
  redis.call('HDEL', session_key, 'lease_node')
  if redis.call('HLEN', ports_key) == 0 and redis.call('HLEN', displays_key) == 0 then
    redis.call('SREM', nodes_key, node)
  end
  return true
end

-- A session's member in the sorted sets in listing order (every score 0, so they sort by text): its
-- stored creation time, a space and its id, as SessionCursor.key writes it.
local function listing_position(session_key, id)
  return redis.call('HGET', session_key, 'created_at') .. ' ' .. id
end
