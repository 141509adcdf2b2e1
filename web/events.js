// Turn events (game/resolve.cpp) as sentences, shared by the observer and
// the replay. Applied orders are left out: the other events say what they did.
function unitName(u) {
  return `${u.owner}'s ${u.type}`;
}

export function describeEvent(e) {
  switch (e.type) {
    case 'combat':
      return `${unitName(e.attacker)} attacked ${e.defender ? unitName(e.defender)
        : `${e.city.owner}'s city ${e.city.name}`}: ${e.damage_dealt} damage dealt, ` +
        `${e.damage_taken} taken`;
    case 'city_captured':
      return `${e.to} captured ${e.city} from ${e.from}${e.capital ? ' (capital)' : ''}`;
    case 'city_founded':
      return `${e.player} founded ${e.city}`;
    case 'city_grew':
      return `${e.city} (${e.player}) grew`;
    case 'city_starved':
      return `${e.city} (${e.player}) starved`;
    case 'production_completed':
      return `${e.city} (${e.player}) completed ${e.item}`;
    case 'tech_researched':
      return `${e.player} discovered ${e.tech}`;
    case 'war_declared':
      return `${e.player} declared war on ${e.target}`;
    case 'peace_proposed':
      return `${e.player} proposed peace to ${e.target}`;
    case 'peace_made':
      return `${e.player} and ${e.target} made peace`;
    case 'message_sent':
      return `${e.from} sent a message to ${e.to}`;
    case 'unit_removed':
      return `${e.unit ? unitName(e.unit) : 'a unit'} removed (${e.reason})`;
    case 'player_eliminated':
      return `${e.player} was eliminated`;
    case 'game_over':
      return `Game over: ${e.reason}${e.winner ? `, ${e.winner} wins` : ''}`;
    case 'order':
      return `${e.player}'s ${e.action} ${e.outcome}${e.message ? `: ${e.message}` : ''}`;
    default:
      return `${e.type} ${JSON.stringify(e)}`;
  }
}

export function interesting(e) {
  return !(e.type === 'order' && e.outcome === 'applied');
}

export function eventClass(e) {
  if (e.type === 'combat' || e.type === 'city_captured' ||
      e.type === 'player_eliminated' || e.type === 'war_declared') return 'ev-war';
  if (e.type === 'order') return 'ev-order';
  return 'ev-info';
}
