-- Cluster (issue 13): node membership, one owner per game fenced by an
-- epoch, and on every row a node writes for a game the epoch and the node
-- it was written under (NULL: written before this migration, or by a
-- process that holds no lease). Every time below is the database's clock.

-- One row per process incarnation: a new node_id at every start.
CREATE TABLE fourex_nodes (
  node_id    text PRIMARY KEY,
  http_addr  text NOT NULL,  -- where peers forward a game's requests
  started_at timestamptz NOT NULL DEFAULT now(),
  renewed_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL  -- alive while expires_at > now()
);
-- join retires the earlier incarnations advertising its address.
CREATE INDEX fourex_nodes_http_addr_idx ON fourex_nodes (http_addr);

-- The owner of each game. node_id NULL: released (or never owned); the
-- epoch stays and grows by one at every change of owner, so a write
-- carrying an older epoch is refused (the fence in sql::kWriteBatch).
-- Every games row has one: inserted with the games row by the writer,
-- and for the games stored before this migration, below.
CREATE TABLE game_owners (
  game_id text PRIMARY KEY REFERENCES games (game_id),
  node_id text NULL,
  epoch   bigint NOT NULL DEFAULT 0 CHECK (epoch >= 0)
);
-- Games owned per node (the cluster listing).
CREATE INDEX game_owners_node_id_idx ON game_owners (node_id);
INSERT INTO game_owners (game_id, node_id, epoch)
SELECT game_id, NULL, 0 FROM games;

-- Nullable without a default: a catalog change, no table rewrite.
ALTER TABLE games ADD COLUMN owner_epoch bigint NULL,
                  ADD COLUMN writer_node text NULL;
ALTER TABLE player_actions ADD COLUMN owner_epoch bigint NULL,
                           ADD COLUMN writer_node text NULL;
ALTER TABLE game_turns ADD COLUMN owner_epoch bigint NULL,
                       ADD COLUMN writer_node text NULL;
ALTER TABLE game_snapshots ADD COLUMN owner_epoch bigint NULL,
                           ADD COLUMN writer_node text NULL;
ALTER TABLE prompt_logs ADD COLUMN owner_epoch bigint NULL,
                        ADD COLUMN writer_node text NULL;
ALTER TABLE player_stats ADD COLUMN owner_epoch bigint NULL,
                         ADD COLUMN writer_node text NULL;
