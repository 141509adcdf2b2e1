-- fourex schema v1: the six tables of the original design.
-- Keys are (game_id, turn[, player]); every child row references games.
-- Applied by persistence::migrate inside one transaction.

CREATE TABLE games (
  game_id         text PRIMARY KEY,
  status          text NOT NULL DEFAULT 'active'
                  CHECK (status IN ('active', 'paused', 'finished', 'deleted')),
  config          jsonb NOT NULL DEFAULT '{}',
  players         jsonb NOT NULL DEFAULT '[]',
  seed            bigint NOT NULL,
  max_turns       integer NOT NULL CHECK (max_turns >= 0),
  turn_timeout_ms integer NOT NULL DEFAULT 0 CHECK (turn_timeout_ms >= 0),
  turn            integer NOT NULL DEFAULT 1 CHECK (turn >= 1),
  completed_turns integer NOT NULL DEFAULT 0 CHECK (completed_turns >= 0),
  state_hash      text NOT NULL DEFAULT '',
  winner          text NULL,
  deadline_at     timestamptz NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
-- GET /games?status=&after= and recovery's scan of active/paused games.
CREATE INDEX games_status_game_id_idx ON games (status, game_id);

-- One accepted submission per (game, turn, player): the durable orders that
-- recovery replays.
CREATE TABLE player_actions (
  game_id      text NOT NULL REFERENCES games (game_id),
  turn         integer NOT NULL,
  player       text NOT NULL,
  request_id   text NOT NULL DEFAULT '',
  actions      jsonb NOT NULL DEFAULT '[]',
  action_count integer NOT NULL DEFAULT 0,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (game_id, turn, player)
);

-- One row per resolved turn; recovery checks recomputed hashes against it.
CREATE TABLE game_turns (
  game_id      text NOT NULL REFERENCES games (game_id),
  turn         integer NOT NULL,
  state_hash   text NOT NULL,
  events       jsonb NOT NULL DEFAULT '[]',
  duration_us  bigint NOT NULL DEFAULT 0,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (game_id, turn)
);

-- The full state after `turn` completed turns. `state` is text, not jsonb:
-- jsonb reorders keys and would change the bytes the SHA-256 covers.
CREATE TABLE game_snapshots (
  game_id    text NOT NULL REFERENCES games (game_id),
  turn       integer NOT NULL,
  state      text NOT NULL,
  state_hash text NOT NULL,
  reason     text NOT NULL DEFAULT 'interval',
  bytes      integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (game_id, turn)
);

-- One LLM call of one player (agents post them; admins read them).
CREATE TABLE prompt_logs (
  id                bigserial PRIMARY KEY,
  game_id           text NOT NULL REFERENCES games (game_id),
  player            text NOT NULL,
  turn              integer NOT NULL,
  provider          text NOT NULL DEFAULT '',
  model             text NOT NULL DEFAULT '',
  prompt            text NOT NULL DEFAULT '',
  response          text NOT NULL DEFAULT '',
  thinking          text NOT NULL DEFAULT '',
  prompt_tokens     bigint NOT NULL DEFAULT 0,
  completion_tokens bigint NOT NULL DEFAULT 0,
  thinking_tokens   bigint NOT NULL DEFAULT 0,
  latency_ms        bigint NOT NULL DEFAULT 0,
  error             text NULL,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX prompt_logs_game_player_turn_idx
  ON prompt_logs (game_id, player, turn);

-- Per-player counters (added) and gauges (replaced after each turn).
CREATE TABLE player_stats (
  game_id           text NOT NULL REFERENCES games (game_id),
  player            text NOT NULL,
  submissions       bigint NOT NULL DEFAULT 0,
  actions           bigint NOT NULL DEFAULT 0,
  rejected_actions  bigint NOT NULL DEFAULT 0,
  prompt_tokens     bigint NOT NULL DEFAULT 0,
  completion_tokens bigint NOT NULL DEFAULT 0,
  thinking_tokens   bigint NOT NULL DEFAULT 0,
  llm_calls         bigint NOT NULL DEFAULT 0,
  latency_ms_total  bigint NOT NULL DEFAULT 0,
  -- Gauges: NULL until a turn reports them; a delta without them keeps them.
  cities            integer NULL,
  units             integer NULL,
  techs             integer NULL,
  score             integer NULL,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (game_id, player)
);
