#!/usr/bin/env python3
"""A minimal fourex agent using only the Python standard library.

It creates a game (or joins one with --game-id and --token), then for every
turn reads its view (long-polling for the next turn) and submits a random
subset of the view's suggested_actions: each unit and city at most once, at most
one set_research. Start here when you write your own agent; API.md is the
whole contract.

    python3 scripts/example_agent.py --server http://127.0.0.1:8000
"""
import argparse
import json
import random
import time
import urllib.error
import urllib.parse
import urllib.request


def call(server, method, path, token=None, body=None, timeout=60):
    """One request; retries while the server is away (restart, 503, 429)."""
    data = json.dumps(body).encode() if body is not None else None
    delay = 0.1
    for _ in range(30):
        req = urllib.request.Request(server + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as res:
                return res.status, json.loads(res.read() or b"null")
        except urllib.error.HTTPError as e:
            if e.code not in (429, 503):
                return e.code, json.loads(e.read() or b"null")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(delay)
        delay = min(delay * 2, 5)
    raise SystemExit("server unreachable: " + server)


def pick(view, rng):
    """A random valid subset of suggested_actions."""
    used, out, research = set(), [], False
    actions = list(view.get("suggested_actions", view.get("legal_actions", [])))
    rng.shuffle(actions)
    for a in actions:
        keys = {("unit", a["unit_id"])} if "unit_id" in a else set()
        if "city_id" in a:
            keys.add(("city", a["city_id"]))
        if a["type"] == "set_research":
            if research:
                continue
            research = True
        if a["type"] == "declare_war" or keys & used or rng.random() < 0.2:
            continue
        used |= keys
        out.append(a)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--server", default="http://127.0.0.1:8000")
    ap.add_argument("--game-id", help="join this game (needs --token)")
    ap.add_argument("--player", default="Alice")
    ap.add_argument("--token", help="the player's bearer token")
    ap.add_argument("--max-turns", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    game_id, token, others = args.game_id, args.token, {}
    if not game_id:
        status, created = call(args.server, "POST", "/api/v1/games", body={
            "players": [args.player, "Bob"], "max_turns": args.max_turns,
            "map": {"width": 16, "height": 16}, "seed": args.seed})
        if status != 201:
            raise SystemExit("create failed: %s %s" % (status, created))
        game_id = created["game_id"]
        tokens = {p["name"]: p["token"] for p in created["players"]}
        token = tokens.pop(args.player)
        others = tokens  # this example also plays Bob, by passing
        print("created game", game_id)

    base = "/api/v1/games/" + urllib.parse.quote(game_id)
    turn = 1
    while True:
        q = urllib.parse.urlencode({"player": args.player,
                                    "wait_for_turn": turn,
                                    "timeout_ms": 30000})
        status, view = call(args.server, "GET", base + "/state?" + q, token)
        if status != 200:
            raise SystemExit("view failed: %s %s" % (status, view))
        if view["status"] == "finished":
            print("finished after", view["completed_turns"], "turns; winner",
                  view["winner"], "; my score", view["you"]["score"])
            return
        turn = view["turn"]
        if not view["submitted"]:
            body = {"player": args.player, "turn": turn,
                    "request_id": "%s/%s/%d" % (game_id, args.player, turn),
                    "actions": pick(view, rng)}
            status, answer = call(args.server, "POST", base + "/actions",
                                  token, body)
            if status not in (200, 409):
                print("turn", turn, "refused:", answer)
        for name, other in others.items():
            call(args.server, "POST", base + "/actions", other,
                 {"player": name, "turn": turn, "actions": [],
                  "request_id": "%s/%s/%d" % (game_id, name, turn)})
        turn += 1


if __name__ == "__main__":
    main()
