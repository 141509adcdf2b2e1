-- A player token a node has not seen (a game created on another node of a
-- cluster) is looked up by its hash in games.players (issue 13); without an
-- index every unknown token, a client's to choose, read the whole table.
-- jsonb_path_ops serves the lookup's `players @> [{"token_hash": ...}]`.
CREATE INDEX games_players_idx ON games USING gin (players jsonb_path_ops);
