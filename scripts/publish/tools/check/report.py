"""What a check finds in one artifact, and the facts a guide and its deck are compared on."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Report:
    """The problems found in one artifact (or pair), plus a short summary when it passes."""

    artifact: str
    problems: list[str] = field(default_factory=list)
    summary: str = ""

    def lines(self) -> list[str]:
        if self.problems:
            return [f"{self.artifact}: {problem}" for problem in self.problems]
        return [f"{self.artifact}: ok{f' ({self.summary})' if self.summary else ''}"]


@dataclass(frozen=True)
class Facts:
    """What the pair comparison needs from each artifact once it has been read."""

    sections: list[str]
    source: str  # where the sections were read from, for messages
