"""xAI (grok): chat completions like the other compatible APIs, except that its
`completion_tokens` leaves out the reasoning tokens it bills
(`completion_tokens_details.reasoning_tokens`), which the parser adds (DECISIONS D7)."""
from __future__ import annotations

from common.providers.openai_compat import PATH, build_body, build_request
from common.providers.openai_compat import parse_xai_reply as parse_reply

__all__ = ["PATH", "build_body", "build_request", "parse_reply"]
