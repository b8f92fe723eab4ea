import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routeTableMarkdown, withRouteTable } from '../contract/platform-api/route-docs.js';
import { platformApi } from '../contract/platform-api/routes.js';

describe("platform/README.md's route table", () => {
  it('is the route table as declared (run `npm run docs:platform` after changing a route)', () => {
    const readme = readFileSync('platform/README.md', 'utf8');
    expect(withRouteTable(readme, routeTableMarkdown(platformApi))).toBe(readme);
  });

  it('lists every route once with its access class', () => {
    const markdown = routeTableMarkdown(platformApi);
    for (const [name, route] of Object.entries(platformApi)) {
      expect(markdown.split(`| \`${name}\` |`)).toHaveLength(2);
      expect(markdown).toContain(`\`${route.method} ${route.path}\``);
    }
  });
});
