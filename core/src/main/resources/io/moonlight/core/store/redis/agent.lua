-- KEYS: session. ARGV: state, reason, time, then the session states in which the agent is reported.
-- Not a state change: no history entry, updated_at stays.
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return 'MISSING'
end
for i = 4, #ARGV do
  if ARGV[i] == state then
    redis.call('HSET', KEYS[1], 'agent_state', ARGV[1], 'agent_reason', ARGV[2], 'agent_at', ARGV[3])
    return 'OK'
  end
end
return state
