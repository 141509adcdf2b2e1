-- Swiss tournaments (issue 17): made round by round as results arrive.
-- Each schedule row says its round (a round robin is one round), and a
-- Swiss tournament keeps the hash of its organizer token, which asks for
-- the next round; the seats' tokens of its games are derived from that
-- token, so that a round asked for again answers the same tokens.
ALTER TABLE tournament_games
  ADD COLUMN round integer NOT NULL DEFAULT 1 CHECK (round >= 1);
ALTER TABLE tournaments ADD COLUMN organizer_token_hash text;
