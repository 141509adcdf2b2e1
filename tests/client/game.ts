// A short game played by a client generated from the served /openapi.json:
// openapi-typescript's types of `paths` and `components` (api.d.ts, written
// by play.test.mjs), checked by tsc in strict mode, and openapi-fetch's
// client over them. A description whose shapes or parameters were wrong
// would not compile here or would fail at run time.
import createClient from 'openapi-fetch';
import type { components, paths } from './api';

type Action = components['schemas']['Action'];
type View = components['schemas']['PlayerView'];

export interface Played {
  gameId: string;
  views: { player: string; you: string; turn: number }[];
  accepted: number;
  completedTurns: number;
  status: string;
  loggedTurns: number;
}

// One research order when there is one: always legal, uses nothing twice.
function orders(view: View): Action[] {
  const research = view.legal_actions.find((a) => a.type === 'set_research');
  return research ? [research] : [];
}

export async function play(baseUrl: string, gameId: string,
                           turns: number): Promise<Played> {
  const api = createClient<paths>({ baseUrl });
  const created = await api.POST('/api/v1/games', {
    body: {
      game_id: gameId, players: ['Ada', 'Grace'],
      personalities: { Ada: 'explorer', Grace: 'scientific' },
      max_turns: turns, map: { width: 12, height: 12 }, seed: 7,
    },
  });
  if (!created.data) {
    throw new Error(`create: ${created.response.status} ${created.error?.error.code}`);
  }
  const tokens = new Map<string, string>();
  for (const p of created.data.players) tokens.set(p.name, p.token);
  const auth = (player: string) => ({ Authorization: `Bearer ${tokens.get(player)}` });

  const played: Played = { gameId, views: [], accepted: 0, completedTurns: 0,
                           status: '', loggedTurns: 0 };
  for (let round = 0; round < turns + 2; round++) {
    for (const player of tokens.keys()) {
      const state = await api.GET('/api/v1/games/{game_id}/state', {
        params: { path: { game_id: gameId }, query: { player } },
        headers: auth(player),
      });
      if (!state.data) throw new Error(`state: ${state.error?.error.message}`);
      const view = state.data;
      played.views.push({ player, you: view.you.name, turn: view.turn });
      if (view.status !== 'active' || view.submitted || !view.you.alive) continue;
      const sent = await api.POST('/api/v1/games/{game_id}/actions', {
        params: { path: { game_id: gameId } },
        headers: auth(player),
        body: { player, turn: view.turn, actions: orders(view) },
      });
      if (!sent.data) throw new Error(`actions: ${sent.error?.error.code}`);
      if (sent.data.accepted && sent.data.durable) played.accepted++;
    }
    const info = await api.GET('/api/v1/games/{game_id}/info', {
      params: { path: { game_id: gameId } },
    });
    if (!info.data) throw new Error(`info: ${info.error?.error.code}`);
    played.completedTurns = info.data.completed_turns;
    played.status = info.data.status;
    if (info.data.status === 'finished') break;
  }
  const log = await api.GET('/api/v1/games/{game_id}/turns', {
    params: { path: { game_id: gameId }, query: { from: 1, to: turns } },
  });
  played.loggedTurns = log.data?.turns?.length ?? -1;
  return played;
}
