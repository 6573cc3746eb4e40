"""modelConfig's penalties take -2..2, ends included (SPEC §1, DECISIONS D14): a value inside is
sent, one outside is left out (issue 17: the range narrowed to 0..2 was caught by parity only)."""
from __future__ import annotations

import pytest

from common.request_preview import preview


@pytest.mark.parametrize("value", [-2, -1.5, -0.25, 0, 2])
def test_a_penalty_inside_the_range_is_sent(value):
    body, _ = preview("openai", "gpt-4o", {"frequencyPenalty": value, "presencePenalty": value})
    assert body["frequency_penalty"] == value
    assert body["presence_penalty"] == value


@pytest.mark.parametrize("value", [-2.5, -2.0001, 2.0001, 3])
def test_a_penalty_outside_the_range_is_left_out(value):
    body, _ = preview("openai", "gpt-4o", {"frequencyPenalty": value, "presencePenalty": -1})
    assert "frequency_penalty" not in body
    assert body["presence_penalty"] == -1
