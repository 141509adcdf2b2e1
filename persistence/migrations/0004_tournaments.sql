-- Tournaments (issue 17): the entrants and the format as the organizer
-- gave them, and the durable schedule, one row per game: which game plays
-- which entrants in which seats. Neither results nor a status are copied
-- here: standings and "finished" are recomputed from the stored games
-- (games, player_stats, prompt_logs), so they cannot disagree with them.
-- The schedule's games are created first; the tournament and all of its
-- schedule rows are then written in one transaction.
CREATE TABLE tournaments (
  tournament_id text PRIMARY KEY,
  name          text NOT NULL DEFAULT '',
  -- The creation request, canonical: {"entrants":[{"name","agent",
  -- "prompt_version"}...],"format","seats","games_per_pairing","maps",
  -- "seed","max_turns","turn_timeout_ms"}. Text, not jsonb, as the API
  -- and bundles show it: jsonb would reorder its keys.
  config        text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tournament_games (
  tournament_id text NOT NULL REFERENCES tournaments (tournament_id),
  game_no       integer NOT NULL CHECK (game_no >= 1),
  game_id       text NOT NULL UNIQUE REFERENCES games (game_id),
  pairing       integer NOT NULL CHECK (pairing >= 1),
  -- Entrant names in seat order, a JSON array (text, as config): seat i is
  -- the game's player of that name.
  seats         text NOT NULL,
  PRIMARY KEY (tournament_id, game_no)
);
