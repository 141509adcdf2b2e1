// Cross-check of fourex's ratings (results/rating.cpp) against an
// independent implementation, npm openskill (Plackett-Luce, its defaults):
// the same free-for-all games, with ties and zero scores, rated in the same
// order by both; every mu, sigma and ordinal must agree within 1e-9.
// RATINGS_BIN is the rate_games driver (tests/ratings/CMakeLists.txt).
import { execFileSync } from 'node:child_process'
import { rating, rate, ordinal } from 'openskill'

const TOLERANCE = 1e-9
const entrants = ['aggressive', 'defensive', 'explorer', 'economic',
  'expansionist', 'scientific', 'diplomatic', 'balanced']

// A fixed pseudo-random sequence (LCG), so that every run checks the same
// games.
let seed = 20261202
const next = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n
}

const games = []
for (let g = 0; g < 80; g += 1) {
  const pool = [...entrants]
  const size = 2 + next(5)
  const seats = []
  for (let s = 0; s < size; s += 1) {
    const [name] = pool.splice(next(pool.length), 1)
    // Few distinct scores: ties are common, and some are 0.
    seats.push([name, next(4) * 10])
  }
  games.push(seats)
}

const ours = JSON.parse(execFileSync(process.env.RATINGS_BIN, {
  input: JSON.stringify({ games }),
}).toString())

const current = {}
let worst = 0
for (const [g, seats] of games.entries()) {
  const teams = seats.map(([name]) => [current[name] ?? rating()])
  // Competition ranks from scores (1, 2, 2, 4): never 0, which openskill
  // would read as "no rank".
  const rank = seats.map(([, score]) =>
    1 + seats.filter(([, other]) => other > score).length)
  const rated = rate(teams, { rank })
  for (const [s, [name]] of seats.entries()) {
    current[name] = rated[s][0]
    const theirs = { ...rated[s][0], ordinal: ordinal(rated[s][0]) }
    const mine = ours[g][s]
    for (const key of ['mu', 'sigma', 'ordinal']) {
      const diff = Math.abs(theirs[key] - mine[key])
      worst = Math.max(worst, diff)
      if (mine.name !== name || !(diff <= TOLERANCE)) {
        console.error(`game ${g} seat ${s} (${name}): ${key} fourex ` +
          `${mine[key]}, openskill ${theirs[key]}`)
        process.exit(1)
      }
    }
  }
}
console.log(`${games.length} games agree with openskill; largest ` +
  `difference ${worst}`)
