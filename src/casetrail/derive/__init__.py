"""The derive stage: what the stored facts add up to, per person, always with their sources.

- `timeline`: every event of a person in date order, conflicting claims side by side;
- `status`: the status as of a date, from a documented state machine over dated events;
- `advocacy`: who intervened for a person, to whom, demanding what; whom an advocate wrote about;
- `alerts`: stale demands, contradictions, cases gone quiet, deaths in custody, undated documents;
- `summary`: a case in brief (names, status, charges, sentence, key dates) for annexes;
- `persons`: finding a person by id or by name.

Everything is computed from the store's facts when asked, never stored.
"""

from casetrail.derive.advocacy import (
    AdvocacyPage,
    AdvocacyRecord,
    AdvocateRecord,
    Intervention,
    Participant,
    Profile,
    advocacy_page,
    advocacy_records,
    advocate_concerns,
    advocate_record,
    profile,
    unresolved_concerns,
)
from casetrail.derive.alerts import (
    ALERT_KINDS,
    Alert,
    AlertKind,
    alerts,
    kept_person_alerts,
    person_alerts,
)
from casetrail.derive.persons import (
    PersonLookupError,
    find_person,
    find_persons,
    ranked_spellings,
    spellings,
)
from casetrail.derive.status import (
    STATUSES,
    Observation,
    Observed,
    PersonStatus,
    Status,
    observe,
    status_as_of,
    statuses,
)
from casetrail.derive.summary import CaseSummary, case_summaries
from casetrail.derive.timeline import Conflict, Timeline, TimelineEntry, build_timeline, timelines

__all__ = [
    "ALERT_KINDS",
    "STATUSES",
    "AdvocacyPage",
    "AdvocacyRecord",
    "AdvocateRecord",
    "Alert",
    "AlertKind",
    "CaseSummary",
    "Conflict",
    "Intervention",
    "Observation",
    "Observed",
    "Participant",
    "PersonLookupError",
    "PersonStatus",
    "Profile",
    "Status",
    "Timeline",
    "TimelineEntry",
    "advocacy_page",
    "advocacy_records",
    "advocate_concerns",
    "advocate_record",
    "alerts",
    "build_timeline",
    "case_summaries",
    "find_person",
    "find_persons",
    "kept_person_alerts",
    "observe",
    "person_alerts",
    "profile",
    "ranked_spellings",
    "spellings",
    "status_as_of",
    "statuses",
    "timelines",
    "unresolved_concerns",
]
