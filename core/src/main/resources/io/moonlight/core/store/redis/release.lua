-- KEYS: session, lease node's ports, displays, nodes with leases. ARGV: id, lease node seen
if lease_moved(KEYS[1], ARGV[2]) then
  return 'RETRY'
end
if release_lease(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1]) then
  return 'RELEASED'
end
return 'NONE'
