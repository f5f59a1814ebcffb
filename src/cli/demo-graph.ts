/**
 * The demo graph of `sombra init --demo` and `sombra seed-demo`: a small
 * company world that shows every feature, the same on every run (seeded
 * PRNG). 2,000 people, 200 companies, 50 cities, 300 projects, 40 skills;
 * KNOWS, WORKS_AT, LIVES_IN, LOCATED_IN, CONTRIBUTES_TO, HAS_SKILL, MANAGES
 * relationships; property values of every type (strings, integers, floats,
 * booleans, dates, bigints, bytes, lists); indexes on the names and emails.
 * Ada Lovelace, Grace Hopper and Alan Turing are nodes 1-3.
 */
import { Prng } from '../base/prng.js';
import type { Database } from '../db/database.js';

const FIRST = ['Ada', 'Grace', 'Alan', 'Barbara', 'Edsger', 'Donald', 'Frances', 'John', 'Katherine', 'Linus', 'Margaret', 'Niklaus', 'Radia', 'Tim', 'Dennis', 'Ken', 'Sophie', 'Hedy', 'Claude', 'Guido'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Liskov', 'Dijkstra', 'Knuth', 'Allen', 'McCarthy', 'Johnson', 'Torvalds', 'Hamilton', 'Wirth', 'Perlman', 'Berners-Lee', 'Ritchie', 'Thompson', 'Wilson', 'Lamarr', 'Shannon', 'van Rossum'];
const CITY = ['London', 'Paris', 'Zürich', 'Berlin', 'Kraków', 'Lisboa', 'Madrid', 'Roma', 'Wien', 'Praha', 'Oslo', 'Helsinki', 'Tallinn', 'Dublin', 'Boston', 'Austin', 'Toronto', 'Montréal', 'São Paulo', 'Buenos Aires', 'Tokyo', 'Kyoto', 'Seoul', 'Taipei', 'Singapore', 'Sydney', 'Auckland', 'Nairobi', 'Lagos', 'Cairo', 'Istanbul', 'Tel Aviv', 'Mumbai', 'Bengaluru', 'Delhi', 'Shanghai', 'Beijing', 'Hong Kong', 'Manila', 'Jakarta', 'Hanoi', 'Bangkok', 'Dubai', 'Doha', 'Kyiv', 'Vilnius', 'Riga', 'Athína', 'Reykjavík', 'Cape Town'];
const SKILL = ['TypeScript', 'Rust', 'Go', 'C', 'C++', 'Python', 'SQL', 'Cypher', 'Kotlin', 'Swift', 'Haskell', 'OCaml', 'Zig', 'Java', 'Scala', 'Elixir', 'Erlang', 'Lua', 'Ruby', 'PHP', 'Databases', 'Compilers', 'Networking', 'Security', 'Cryptography', 'Distributed systems', 'Storage engines', 'Query planning', 'UX', 'Design', 'Testing', 'Fuzzing', 'Kernels', 'GPUs', 'ML', 'Statistics', 'Writing', 'Leadership', 'Product', 'Operations'];

export const DEMO_COUNTS = { people: 2000, companies: 200, cities: CITY.length, projects: 300, skills: SKILL.length };

/** Writes the demo graph into `db` (which should be empty); returns node and edge counts. */
export async function seedDemo(db: Database): Promise<{ nodes: number; edges: number }> {
  const rng = new Prng(0x50b7a);
  const pick = <T>(xs: readonly T[]): T => xs[rng.nextU32() % xs.length]!;
  const int = (lo: number, hi: number): number => lo + (rng.nextU32() % (hi - lo + 1));
  const day = (fromYear: number, toYear: number): Date => new Date(Date.UTC(int(fromYear, toYear), int(0, 11), int(1, 28)));
  let nodes = 0;
  let edges = 0;
  await db.transaction((tx) => {
    const pioneers = [
      { name: 'Ada Lovelace', born: new Date(Date.UTC(1815, 11, 10)) },
      { name: 'Grace Hopper', born: new Date(Date.UTC(1906, 11, 9)) },
      { name: 'Alan Turing', born: new Date(Date.UTC(1912, 5, 23)) },
    ];
    const people: number[] = [];
    for (let i = 0; i < DEMO_COUNTS.people; i++) {
      const p = pioneers[i];
      const name = p ? p.name : `${pick(FIRST)} ${pick(LAST)}`;
      const labels = i < 3 ? ['Person', 'Pioneer'] : i % 10 === 0 ? ['Person', 'Manager'] : ['Person'];
      people.push(
        tx.createNode(labels, {
          name,
          email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${i}@example.org`,
          age: int(18, 80),
          score: Math.round(rng.nextU32() / 42949.67296) / 1000, // 0..100 with 3 decimals
          active: rng.nextU32() % 5 !== 0,
          born: p ? p.born : day(1940, 2005),
          karma: BigInt(rng.nextU32() & 0x7fffffff) * 4294967296n + BigInt(rng.nextU32()), // beyond 2^53, within int64
          avatar: new Uint8Array([int(0, 255), int(0, 255), int(0, 255)]),
          tags: [pick(['admin', 'dev', 'ops', 'research', 'sales']), pick(['remote', 'office', 'hybrid'])],
        }),
      );
    }
    const cities = CITY.map((name, i) => tx.createNode('City', { name, population: int(50, 40000) * 1000, lat: (i * 37) % 180 - 90 + 0.5, lon: (i * 71) % 360 - 180 + 0.25 }));
    const companies: number[] = [];
    for (let i = 0; i < DEMO_COUNTS.companies; i++) {
      const c = tx.createNode('Company', { name: `${pick(LAST)} ${pick(['Labs', 'Systems', 'Works', 'Data', 'Graph', 'Cloud'])} ${i}`, founded: day(1970, 2023), public: i % 7 === 0, revenueUsd: BigInt(int(1, 900000)) * 1_000_000_000n });
      companies.push(c);
      tx.createEdge(c, pick(cities), 'LOCATED_IN');
      edges++;
    }
    const skills = SKILL.map((name) => tx.createNode('Skill', { name }));
    const projects: number[] = [];
    for (let i = 0; i < DEMO_COUNTS.projects; i++) projects.push(tx.createNode('Project', { name: `project-${i}`, stars: int(0, 90000), started: day(2000, 2024), languages: [pick(SKILL), pick(SKILL)] }));
    nodes = people.length + cities.length + companies.length + skills.length + projects.length;
    for (let i = 0; i < people.length; i++) {
      const p = people[i]!;
      tx.createEdge(p, pick(cities), 'LIVES_IN', { since: day(1990, 2024) });
      tx.createEdge(p, pick(companies), 'WORKS_AT', { role: pick(['engineer', 'designer', 'manager', 'analyst']), since: day(2000, 2024), salary: int(40, 300) * 1000 });
      edges += 2;
      for (let k = 0, n = int(1, 6); k < n; k++) {
        const q = people[int(0, people.length - 1)]!;
        if (q !== p) {
          tx.createEdge(p, q, 'KNOWS', { since: int(1960, 2024), weight: (rng.nextU32() % 1000) / 1000 });
          edges++;
        }
      }
      tx.createEdge(p, pick(skills), 'HAS_SKILL', { level: int(1, 5) });
      edges++;
      if (i % 3 === 0) {
        tx.createEdge(p, pick(projects), 'CONTRIBUTES_TO', { commits: int(1, 5000) });
        edges++;
      }
      if (i % 10 === 0 && i + 1 < people.length) {
        tx.createEdge(p, people[i + 1]!, 'MANAGES');
        edges++;
      }
    }
    tx.createEdge(people[2]!, people[0]!, 'KNOWS', { since: 1950, weight: 1 });
    edges++;
  });
  await db.createIndex('Person', 'name');
  await db.createIndex('Person', 'email');
  await db.createIndex('Company', 'name');
  await db.createIndex('City', 'name');
  return { nodes, edges };
}
