/** The GitHub Actions workflow of docs/ci.md, which `causality init --ci` writes (a test keeps the two equal). */
export const WORKFLOW_FILE = ".github/workflows/schemas.yml";

export const WORKFLOW = `name: schemas
on: pull_request
jobs:
  schemas:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: { fetch-depth: 0 }          # diff reads the lock at the base revision
      - uses: actions/setup-node@v4
        with: { node-version: 20, cache: npm }
      - run: npm ci
      - run: npx causality check
      - run: npx causality diff --base "origin/\${{ github.base_ref }}" --format github
      - if: always()
        run: npx causality diff --base "origin/\${{ github.base_ref }}" --format markdown >> "$GITHUB_STEP_SUMMARY"
`;
