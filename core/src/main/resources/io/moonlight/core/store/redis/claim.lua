-- KEYS: session, node's ports (base port -> id), node's displays (display -> id), nodes with leases
-- ARGV: id, node, first base port, stride, max per node, port span, time, then the displays the node
--       found free, ascending
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return {'MISSING'}
end
local held = redis.call('HGET', KEYS[1], 'lease_node')
if held then
  return {'HELD', held, redis.call('HGET', KEYS[1], 'sunshine_base_port'), redis.call('HGET', KEYS[1], 'display')}
end
if state == 'ENDED' or state == 'FAILED' then
  return {'FINAL', state}
end
local first, stride, max = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local span = tonumber(ARGV[6])
local used = redis.call('HKEYS', KEYS[2])
for slot = 0, max - 1 do
  local port = first + slot * stride
  local free = true
  for _, taken in ipairs(used) do
    if math.abs(tonumber(taken) - port) < span then
      free = false
      break
    end
  end
  if free then
    local display_text
    for i = 8, #ARGV do
      if redis.call('HEXISTS', KEYS[3], ARGV[i]) == 0 then
        display_text = ARGV[i]
        break
      end
    end
    if not display_text then
      return {'NODISPLAY'}
    end
    local port_text = string.format('%d', port)
    redis.call('HSET', KEYS[2], port_text, ARGV[1])
    redis.call('HSET', KEYS[3], display_text, ARGV[1])
    redis.call('SADD', KEYS[4], ARGV[2])
    redis.call('HSET', KEYS[1], 'lease_node', ARGV[2], 'sunshine_base_port', port_text, 'display', display_text,
        'updated_at', ARGV[7])
    return {'OK', ARGV[2], port_text, display_text}
  end
end
return {'FULL'}
