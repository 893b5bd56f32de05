"""Coding what people said: a codebook, tagged texts, agreement between coders, suggestions (docs/coding.md).

No Flask here. `texts` gathers what can be coded, `codebook` keeps the codes (and their CSV form),
`agreement` measures coders against each other, `suggest` proposes themes, `counts` counts codes per session
and group with the five-person rule.
"""
