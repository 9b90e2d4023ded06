import { budgetProblem, CONNECTION_RESERVE, DEFAULT_POOL_SIZES, poolBudget } from './connection-budget';

const server = { maxConnections: 100, superuserReserved: 3, inUse: 0, roleLimit: -1 };
const sum = (services: (keyof typeof DEFAULT_POOL_SIZES)[]) => services.reduce((n, s) => n + DEFAULT_POOL_SIZES[s], 0);
const ALL = Object.keys(DEFAULT_POOL_SIZES) as (keyof typeof DEFAULT_POOL_SIZES)[];

describe('connection budget', () => {
  it('fits the default pools of hub ×1, the bench hub ×2 and every service twice into max_connections 100', () => {
    expect(poolBudget(server)).toBe(100 - 3 - CONNECTION_RESERVE);
    const hub1 = sum(ALL);
    const benchHub2 = hub1 + sum(['mapping', 'ontraport-connector', 'infusionsoft-connector']);
    expect([hub1, benchHub2, 2 * hub1]).toEqual([40, 56, 80]);
    for (const total of [hub1, benchHub2, 2 * hub1]) expect(budgetProblem(total, server)).toBeUndefined();
  });

  it('names what is exceeded: the budget, what is free now, the role limit', () => {
    expect(budgetProblem(90, server)).toMatch(/pools of 90 connections exceed the budget of 82 \(max_connections 100 − 3 superuser-reserved − 15 reserve\)/);
    expect(budgetProblem(40, { ...server, inUse: 70 })).toMatch(/exceed the 27 connections the server has free now/);
    expect(budgetProblem(40, { ...server, inUse: 70 }, { ownConnections: 20 })).toBeUndefined();
    expect(budgetProblem(5, { ...server, roleLimit: 1 })).toMatch(/CONNECTION LIMIT 1/);
    expect(budgetProblem(1, { ...server, roleLimit: 1 })).toBeUndefined();
  });
});
