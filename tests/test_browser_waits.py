"""The browser tests wait on the page in a way our Content Security Policy allows.

Playwright's `wait_for_function` with a bare expression ("document.images.length > 0") runs the string
through `eval` on every poll. The first poll happens inside DevTools' own evaluation, which the policy does
not govern; every later poll happens in the page, where `script-src 'self'` (no 'unsafe-eval') refuses it. So
such a wait passes when the page is already settled and fails with an EvalError when it is not, which is
when a loaded CI machine needs it. A function ("() => …") is evaluated once and then only called.
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _bare(predicate: str) -> bool:
    return "=>" not in predicate.split("\n", 1)[0] and not predicate.lstrip().startswith("function")


def _waits_on_bare_expressions(source: str) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr != "wait_for_function" or not node.args:
            continue
        predicate = node.args[0]
        if isinstance(predicate, ast.Constant) and isinstance(predicate.value, str) and _bare(predicate.value):
            lines.append(node.lineno)
    return lines


def test_a_bare_expression_is_caught():
    assert _waits_on_bare_expressions('page.wait_for_function("window.ready === true")') == [1]
    assert _waits_on_bare_expressions('page.wait_for_function("() => window.ready === true")') == []
    assert _waits_on_bare_expressions('page.wait_for_function("img => img.complete", arg=x)') == []


def test_every_wait_for_function_in_the_tests_is_a_function():
    offenders = [
        f"{path.relative_to(TESTS)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        for line in _waits_on_bare_expressions(path.read_text())
    ]
    assert not offenders, f"wait_for_function with a bare expression (write '() => …'): {offenders}"
