"""Lead balance and agenda times: pure arithmetic over sections."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta


@dataclass
class Balance:
    peer: int = 0
    practitioner: int = 0
    shared: int = 0
    threshold: int = 30
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.peer + self.practitioner + self.shared

    def percent(self, minutes: int) -> int:
        return round(100 * minutes / self.total) if self.total else 0

    @property
    def peer_pct(self) -> int:
        return self.percent(self.peer)

    @property
    def practitioner_pct(self) -> int:
        return self.percent(self.practitioner)

    @property
    def shared_pct(self) -> int:
        return max(0, 100 - self.peer_pct - self.practitioner_pct) if self.total else 0

    @property
    def peer_or_shared_pct(self) -> int:
        return self.percent(self.peer + self.shared)

    @property
    def text(self) -> str:
        """The bar's text alternative."""
        if not self.total:
            return "No timed sections yet."
        return (
            f"Peer Trainer leads {self.peer} minutes ({self.peer_pct}%), Practitioner Trainer "
            f"{self.practitioner} minutes ({self.practitioner_pct}%), both together "
            f"{self.shared} minutes ({self.shared_pct}%)."
        )


def balance_of(sections, *, threshold: int = 30) -> Balance:
    """Minutes led by each, with friendly warnings: either trainer leading nothing, or the
    peer-led plus shared share under the college's threshold."""
    balance = Balance(threshold=threshold)
    for section in sections:
        setattr(balance, section.lead, getattr(balance, section.lead) + section.minutes)
    if balance.total:
        if not balance.peer and not balance.shared:
            balance.warnings.append(
                "The Peer Trainer does not lead any part yet. Co-delivery means both of you "
                "lead: could the Peer Trainer lead or share a section?"
            )
        if not balance.practitioner and not balance.shared:
            balance.warnings.append(
                "The Practitioner Trainer does not lead any part yet. Could they lead or "
                "share a section?"
            )
        if balance.peer_or_shared_pct < threshold and (balance.peer or balance.shared):
            balance.warnings.append(
                f"The Peer Trainer leads or shares {balance.peer_or_shared_pct}% of the time, "
                f"under the college's {threshold}%. Co-delivery is more than an assisting "
                "role: could more be led together?"
            )
    return balance


def with_start_times(sections, starts_at: time) -> list:
    """Set `.starts_at` and `.ends_at` on each section, like an agenda."""
    clock = datetime.combine(date(2000, 1, 1), starts_at)
    timed = []
    for section in sections:
        section.starts_at = clock.time()
        clock += timedelta(minutes=section.minutes)
        section.ends_at = clock.time()
        timed.append(section)
    return timed
