"""The text parser reads every pinned input exactly as it did when the digests were taken:
a change meant only to make it faster must leave all of them equal."""

from __future__ import annotations

import json

from tests.parser_fingerprint import FIXTURE, fingerprints


def test_the_parser_reads_every_pinned_input_as_recorded() -> None:
    recorded = json.loads(FIXTURE.read_text(encoding="utf-8"))
    now = fingerprints()
    assert sorted(now) == sorted(recorded)
    changed_inputs = [name for name in now if now[name]["input"] != recorded[name]["input"]]
    assert not changed_inputs, f"the inputs themselves changed: {changed_inputs[:5]}"
    changed = [name for name in now if now[name]["parsed"] != recorded[name]["parsed"]]
    assert not changed, f"{len(changed)} input(s) now parse differently: {changed[:10]}"


def test_the_pinned_inputs_cover_articles_and_rejections() -> None:
    recorded = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert len(recorded) >= 400
    assert any(name.startswith("bad/") for name in recorded)
    assert sum(name.startswith("corpus-") for name in recorded) >= 300
