-- A database as moonlight wrote it at schema version 2 (before the agent's status was kept), with one
-- READY session holding a lease.
PRAGMA journal_mode=WAL;
CREATE TABLE moonlight_schema (version INTEGER NOT NULL);
INSERT INTO moonlight_schema (version) VALUES (2);
CREATE TABLE moonlight_sessions (
  id TEXT PRIMARY KEY,
  user_name TEXT NOT NULL,
  image TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  fps INTEGER NOT NULL,
  bitrate_kbps INTEGER NOT NULL,
  codec TEXT NOT NULL,
  hours INTEGER NOT NULL,
  state TEXT NOT NULL,
  job_id TEXT,
  node TEXT,
  display INTEGER,
  sunshine_base_port INTEGER,
  token_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  heartbeat_at TEXT);
CREATE INDEX moonlight_sessions_by_user ON moonlight_sessions (user_name, state);
CREATE TABLE moonlight_state_changes (
  session_id TEXT NOT NULL REFERENCES moonlight_sessions (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  state TEXT NOT NULL,
  at TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (session_id, seq));
CREATE TABLE moonlight_leases (
  node TEXT NOT NULL,
  base_port INTEGER NOT NULL,
  display INTEGER NOT NULL,
  session_id TEXT NOT NULL UNIQUE REFERENCES moonlight_sessions (id) ON DELETE CASCADE,
  PRIMARY KEY (node, base_port),
  UNIQUE (node, display));
CREATE INDEX moonlight_sessions_in_order ON moonlight_sessions (created_at, id);
CREATE INDEX moonlight_sessions_live_in_order ON moonlight_sessions (created_at, id) WHERE state NOT IN ('ENDED', 'FAILED');
CREATE INDEX moonlight_sessions_of_user_in_order ON moonlight_sessions (user_name, created_at, id);
INSERT INTO moonlight_sessions VALUES ('ml-alice-20260301090000-abcdef', 'alice', 'xfce4', 1920, 1080, 60, 20000,
  'h264', 4, 'READY', '4711', 'viz01', 10, 47989, 'hash', '2026-03-01T09:00:00.000000000Z',
  '2026-03-01T09:00:30.000000000Z', '2026-03-01T09:01:00.000000000Z');
INSERT INTO moonlight_state_changes VALUES ('ml-alice-20260301090000-abcdef', 0, 'PENDING', '2026-03-01T09:00:00.000000000Z', '');
INSERT INTO moonlight_state_changes VALUES ('ml-alice-20260301090000-abcdef', 1, 'STARTING', '2026-03-01T09:00:10.000000000Z', 'job runs on viz01');
INSERT INTO moonlight_state_changes VALUES ('ml-alice-20260301090000-abcdef', 2, 'READY', '2026-03-01T09:00:30.000000000Z', 'desktop up on viz01 display :10');
INSERT INTO moonlight_leases VALUES ('viz01', 47989, 10, 'ml-alice-20260301090000-abcdef');
