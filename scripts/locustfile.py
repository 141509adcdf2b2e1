"""Locust load test of fourex modelling agents: each simulated user creates a
two-player game, then plays both seats turn by turn (view -> act), picking
random subsets of legal_actions, and starts a new game when one ends.

Headless (Debian package python3-locust):

    locust -f scripts/locustfile.py --headless -u 50 -r 10 -t 2m \\
        --host http://127.0.0.1:8000 --csv /tmp/fourex-locust

Environment: FOUREX_MAX_TURNS (default 20), FOUREX_MAP (default 16x16),
ADMIN_TOKEN (sent on game creation: needed with GAME_CREATION=admin, and
spares the per-address bound GAME_CREATIONS_PER_MIN).
"""
import os
import random

from locust import HttpUser, between, task

# Locust puts this file's folder on sys.path: share the example's picker.
from example_agent import pick

MAX_TURNS = int(os.environ.get("FOUREX_MAX_TURNS", "20"))
WIDTH, HEIGHT = (int(v) for v in os.environ.get("FOUREX_MAP", "16x16").split("x"))
ADMIN_TOKEN = os.environ.get("ADMIN_TOKEN", "")
CREATOR = {"Authorization": "Bearer " + ADMIN_TOKEN} if ADMIN_TOKEN else {}


class Agent(HttpUser):
    wait_time = between(0.0, 0.2)

    def on_start(self):
        self.rng = random.Random()
        self.new_game()

    def new_game(self):
        res = self.client.post("/api/v1/games", json={
            "players": ["A", "B"], "max_turns": MAX_TURNS,
            "map": {"width": WIDTH, "height": HEIGHT},
            "seed": self.rng.randrange(1 << 31)}, headers=CREATOR,
            name="create game")
        if res.status_code != 201:
            self.game = None
            return
        body = res.json()
        self.game = body["game_id"]
        self.tokens = {p["name"]: p["token"] for p in body["players"]}

    @task
    def play_turn(self):
        if not self.game:
            return self.new_game()
        path = "/api/v1/games/" + self.game
        for player, token in self.tokens.items():
            headers = {"Authorization": "Bearer " + token}
            res = self.client.get(path + "/state", params={"player": player},
                                  headers=headers, name="view")
            if res.status_code != 200:
                return
            view = res.json()
            if view["status"] == "finished":
                return self.new_game()
            if view["submitted"]:
                continue
            turn = view["turn"]
            self.client.post(path + "/actions", headers=headers, json={
                "player": player, "turn": turn,
                "request_id": "%s/%s/%d" % (self.game, player, turn),
                "actions": pick(view, self.rng)}, name="act")
