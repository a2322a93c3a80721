"""FollowTheMoney: every entity valid for the model, every link pointing to an entity."""

from __future__ import annotations

import io
import json
from collections import Counter

from followthemoney import model

from casetrail.export.ftm import export_ftm
from casetrail.store import Store
from casetrail.store.read_model import case_facts_by_person


def entities(store: Store) -> list[dict]:
    output = io.StringIO()
    count = export_ftm(store, output)
    lines = [json.loads(line) for line in output.getvalue().splitlines()]
    assert len(lines) == count
    return lines


def test_the_samples_export_validates(samples: Store) -> None:
    found = entities(samples)
    ids = Counter(entity["id"] for entity in found)
    assert max(ids.values()) == 1
    for data in found:
        proxy = model.get_proxy(data, cleaned=False)
        proxy.schema.validate(data)
        assert proxy.to_dict() == data
        assert all(proxy.get(name) for name in proxy.schema.required), data
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in ids, (data, prop.name)
    schemas = Counter(entity["schema"] for entity in found)
    assert {"Person", "Organization", "Documentation", "Event", "Document", "Article"} <= set(
        schemas
    )
    facts = Counter(f.kind for listed in case_facts_by_person(samples).values() for f in listed)
    assert schemas["Event"] == samples.stats()["events"] + facts["detention"]
    assert schemas["Sanction"] == facts["sentence"] + facts["restriction"] > 0
    assert schemas["Note"] == facts["charge"] > 0


def test_a_sentence_is_a_sanction_with_its_court_and_term(samples: Store) -> None:
    sanctions = [e["properties"] for e in entities(samples) if e["schema"] == "Sanction"]
    assert {
        "authority": ["Dushanbe City Court"],
        "duration": ["120"],
        "program": ["court sentence"],
        "startDate": ["2020-03-03"],
    }.items() <= next(s for s in sanctions if s.get("duration") == ["120"]).items()
    bans = [s for s in sanctions if s["program"] != ["court sentence"]]
    assert {"travel ban", "profession ban"} <= {s["program"][0] for s in bans}


def test_persons_events_and_links(samples: Store) -> None:
    found = entities(samples)
    by_id = {entity["id"]: entity for entity in found}
    deaths = [
        e for e in found if e["schema"] == "Event" and e["properties"]["keywords"] == ["died"]
    ]
    assert any(e["properties"].get("date") == ["2021-10-03"] for e in deaths)
    death = next(e for e in deaths if e["properties"].get("date") == ["2021-10-03"])
    person = by_id[death["properties"]["involved"][0]]
    assert person["schema"] == "Person" and "2021-10-03" in person["properties"]["deathDate"]
    assert by_id[death["properties"]["proof"][0]]["schema"] in ("Document", "Article")
    roles = {e["properties"]["role"][0] for e in found if e["schema"] == "Documentation"}
    assert {"concern", "advocate", "addressee", "organisation"} <= roles
    # One person under both forms of the surname ("Nurlanov", "Nurlanuly"): a name and an alias.
    nurlanov = [
        e
        for e in found
        if e["schema"] == "Person"
        and "Daulet Nurlanov" in e["properties"]["name"] + e["properties"].get("alias", [])
    ]
    assert len(nurlanov) == 1 and nurlanov[0]["properties"].get("alias")


def test_two_exports_are_identical(samples: Store) -> None:
    assert entities(samples) == entities(samples)
