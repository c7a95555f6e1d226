"""axe-core in Playwright: fail a test on serious or critical accessibility violations.

axe-core 4.14.1 comes from the npm registry (`npm pack axe-core@4.14.1`); its `axe.min.js`
is committed beside this file (vendor/, MPL-2.0, licence in vendor/axe-core.LICENSE.txt).
`page.add_script_tag(path=…)` inserts the file as an inline script, which our strict CSP
blocks: open the page in a browser context made with `bypass_csp=True`.
"""

from pathlib import Path

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page, *, impacts=BLOCKING_IMPACTS) -> list[dict]:
    """Run axe-core on the page as it is now; the violations of the given impacts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
            resultTypes: ["violations"],
        })"""
    )
    return [violation for violation in result["violations"] if violation["impact"] in impacts]


def describe(violations: list[dict]) -> str:
    """One readable paragraph per violation: rule, impact, help and the offending elements."""
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node.get('failureSummary', '').strip()}")
    return "\n".join(lines)


def assert_no_serious_violations(page) -> None:
    """Fail, listing them, if axe-core finds serious or critical violations on the page."""
    violations = axe_violations(page)
    assert not violations, f"accessibility violations on {page.url}:\n{describe(violations)}"
