"""Message texts of real lengths for large benchmark exports (``write_sample(..., realistic=True)``).

Real LinkedIn messages are not one short sentence: most run to a few sentences, some to a page,
with commas, quotes, line breaks, links with queries and signatures. A pool of such texts is built
from a random source of its own, so asking for realistic texts changes no other byte of the export.
"""

from __future__ import annotations

import random

from netbook.sample import vocabulary as v

POOL = 4096
"""Distinct long texts; rows draw from them, so a million rows cost one pass of random numbers."""
SENTENCES = (
    *v.PLAIN,
    *v.QUOTED,
    "I had a look at the proposal, and overall it makes sense, but the timeline feels tight.",
    "We are migrating the warehouse this quarter, so things are a bit hectic on our side.",
    'My manager asked whether we could do a "lunch and learn" on this, would you be up for it?',
    "If it helps, I can put you in touch with the team that runs the programme in Berlin.",
    "The recording is here: https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s, slides to follow.",
    "Shared folder: https://drive.google.com/drive/folders/1a2B3c4D5e6F7g8H9i0J?usp=sharing",
    "Calendly link, pick any slot that suits you: https://calendly.com/someone/30min?month=2026-11",
    "The job posting: https://www.linkedin.com/jobs/view/3812345678/?refId=abc%3D%3D&trk=flagship",
    "Our paper (draft, be kind): https://arxiv.org/abs/2403.01234, section 4 is the interesting one.",
    "To be honest, I'm not sure we are the right fit, but happy to chat and compare notes.",
    "Cheers for the kind words; it was a team effort, as always.",
    "Re budget: we can do 40k for phase one, 25k for phase two, travel not included.",
    "PS: the café on the corner does a great flat white, if you're around the office.",
    "Attached are the numbers, Q3 vs Q2, with the caveat that September is still provisional.",
    "Let me know what works; mornings CET are best, afternoons are mostly meetings.",
    "I'm travelling until the 14th (Lisbon, then Madrid), but reachable on WhatsApp.",
    "Quick recap of the call:\n- scope agreed\n- pilot in January\n- review in March",
)
SIGNATURES = (
    "Best,\n{name}", "Thanks,\n{name}", "Cheers,\n{name}", "Kind regards,\n{name}\nSent from my phone",
    "— {name}", "Best regards,\n{name}\n{name} | +44 20 7946 0000 | calendly.com/x",
)  # fmt: skip
NAMES = tuple(f"{first} {last}" for first, last in zip(v.FIRST_NAMES, v.LAST_NAMES, strict=False))


def long_texts(seed: int) -> list[str]:
    """:data:`POOL` message texts, about 230 characters on average, some over a thousand.

    Examples:
        >>> texts = long_texts(7)
        >>> len(texts), texts == long_texts(7), 150 < sum(map(len, texts)) / len(texts) < 350
        (4096, True, True)
    """
    rng = random.Random(f"netbook-texts-{seed}")
    texts = []
    for _ in range(POOL):
        count = max(1, min(40, round(rng.lognormvariate(1.0, 0.9))))
        parts = [rng.choice(SENTENCES) for _ in range(count)]
        paragraphs, body = [], []
        for part in parts:
            body.append(part)
            if rng.random() < 0.3:
                paragraphs.append(" ".join(body))
                body = []
        if body:
            paragraphs.append(" ".join(body))
        text = "\n\n".join(paragraphs)
        if rng.random() < 0.35:
            text += "\n\n" + rng.choice(SIGNATURES).format(name=rng.choice(NAMES))
        texts.append(text)
    return texts
