"""A synthetic corpus of person mentions with known identities, for the resolve benchmark.

Persons get Central Asian and Russian names (Cyrillic given names by gender, family names
built from roots and suffixes in male and female forms, optional patronymics); every full
name is unique, while family names are shared by many persons. Persons belong to cases
named together in documents, next to other persons. Each mention is rendered under one
transliteration system (a person mostly keeps one), sometimes in Cyrillic, surname first,
with a title or patronymic, with a typo, or as a bare surname.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from rigour.text.translit import ascii_text

from casetrail.resolve import ResolvableMention
from casetrail.resolve.names import fold


def _words(text: str) -> list[str]:
    return text.split()


GIVEN_MALE = _words("""
Ерлан Даурен Бахыт Бахытжан Азамат Арман Канат Тимур Рустам Дильшод Шерзод Улугбек Фаррух
Жандос Айдос Болатбек Серикбол Нуржан Ерболат Дамир Данияр Думан Габит Мейрам Мирас Олжас
Санжар Сакен Ербол Батыр Бауыржан Алмас Бекзат Ильяс Кайсар Кенес Мадияр Максим Михаил
Дмитрий Алексей Сергей Павел Николай Юрий Виктор Олег Денис Артём Константин Геннадий
Станислав Бакыт Улан Эрмек Алмазбек Темирлан Азиз Жасур Бобур Отабек Акмаль Фарход Жахонгир
Ислом Абылай Адильбек Асылбек Берик Галымжан Жанибек Ержигит Жасулан Кайрош Мухит Нурсултанбек
Орынбасар Рахат Сабыр Таир Уалихан Шынгыс Ерасыл Досжан
""")

GIVEN_FEMALE = _words("""
Айгерим Асель Гульнара Сауле Динара Мадина Алия Жанна Айжан Гульмира Дильноза Нодира Зарина
Камила Лейла Малика Салтанат Толкын Шолпан Ботагоз Меруерт Жулдыз Карлыгаш Куралай Райхан
Юлия Ольга Ирина Татьяна Екатерина Марина Светлана Людмила Галина Евгения Дарья Ксения Айпери
Бермет Гулзат Нургуль Чолпон Феруза Гулноза Мохира Шахноза Умида Аружан Балжан Гаухар Дина
Жадыра Индира Кымбат Ляззат Маржан Назгуль Перизат Роза Сымбат Томирис Улжан Фатима
""")

# Family names: a root and a suffix, masculine and feminine form. No two suffixes are one
# letter apart, which would make distinct names look like typos of each other.
FAMILY_ROOTS = _words("""
Абен Ахмет Байжан Бекмурат Габдул Досан Ергали Есен Жаксыбек Жумабек Исабек Кабдул Кали Касым
Кулибек Мамыр Мусабек Нургали Оспан Рахим Сарсен Сейткали Султан Тулеген Турсун Утемис Шаймерден
Юсуп Ибрагим Карим Исмаил Тохтар Алим Бектур Сыдык Токтогул Осмон Мамбет Усен Абдрахман
Абдыкерим Садвакас Курмангали Отеген Умбет Акылбек Жунус Ормон Байтурсын Кожахмет Мукан Омар
Шарип Туляган Хамид Файзулла Мирза Рахматулла Эргаш Юлдаш Нормат Ахмеджан Бекбол Дауылбай
Ельтай Жолдас Изтлеу Кенжегали Кудайберген Куаныш Мырзахмет Нуртаза Сагындык Смагул Тлеуберген
Уразали Шокан Айтбай Алдабер Аманжол Бакберген Баймурат Даулет Елемес Жетпис Жылкыбай
Калдыбай Карабай Кошкар Кыдыр Мадияр Нурмухамед Оразбай Сагат Саттар Суюндук Таласбай Торебек
Туребай Укибай Шалкар Шамши Абдужаббор Анвар Бахром Валижон Гайрат Давлат Жамшид Зокир Иброхим
Камол Лутфулла Мурод Нодир Озод Рауф Сардор Тохир Умар Хуршид Шухрат Эркин Ёркин Абдулла Байсал
""")
FAMILY_SUFFIXES = [
    ("ов", "ова"),
    ("баев", "баева"),
    ("беков", "бекова"),
    ("алиев", "алиева"),
    ("жанов", "жанова"),
    ("кулов", "кулова"),
    ("муратов", "муратова"),
    ("бердиев", "бердиева"),
    ("сеитов", "сеитова"),
    ("ниязов", "ниязова"),
    ("улы", "кызы"),
]
DESCRIPTORS = _words("""
activist journalist lawyer blogger trade-union-activist human-rights-defender
opposition-politician editor poet imam
""")

# Transliteration systems as overrides of rigour's spelling, letter by letter (lower case).
SYSTEMS: dict[str, dict[str, str]] = {
    "rigour": {},
    "bgn": {"х": "kh", "й": "y", "ё": "ye"},
    "passport": {"х": "kh", "й": "i", "я": "ia", "ю": "iu", "ё": "e"},
    "french": {
        "дж": "dj",
        "ж": "j",
        "х": "kh",
        "у": "ou",
        "ш": "ch",
        "ч": "tch",
        "щ": "chtch",
        "й": "i",
        "я": "ia",
        "ю": "iou",
    },
    "german": {
        "дж": "dsch",
        "ж": "sch",
        "х": "ch",
        "ш": "sch",
        "ч": "tsch",
        "щ": "schtsch",
        "ц": "z",
        "в": "w",
        "й": "i",
        "я": "ja",
        "ю": "ju",
        "з": "s",
    },
    "iso": {
        "ж": "ž",
        "х": "h",
        "ш": "š",
        "ч": "č",
        "щ": "ŝ",
        "ц": "c",
        "й": "j",
        "я": "â",
        "ю": "û",
        "ё": "ë",
    },
}
# How often a mention is in each system when it is not in the person's usual one.
SYSTEM_WEIGHTS = {
    "rigour": 3,
    "bgn": 4,
    "passport": 2,
    "french": 1,
    "german": 1,
    "iso": 1,
    "cyrillic": 2,
}


@dataclass(frozen=True, slots=True)
class Person:
    """One synthetic person: Cyrillic name parts and stable context."""

    given: str
    family: str
    patronymic: str | None
    female: bool
    descriptor: str
    system: str  # the spelling most documents use for this person


@dataclass(frozen=True, slots=True)
class Corpus:
    """Mentions and, for each, the index of the person it names."""

    persons: list[Person]
    mentions: list[ResolvableMention]
    truth: list[int]


def _unique_by_fold(names: list[str]) -> list[str]:
    """Drop names that only differ by spelling: they would be one name, not two."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(fold(name), name)
    return list(seen.values())


@cache
def _name_lists() -> tuple[list[str], list[str], list[tuple[str, str]]]:
    males, females = _unique_by_fold(GIVEN_MALE), _unique_by_fold(GIVEN_FEMALE)
    masculine = _unique_by_fold([root + m for root in FAMILY_ROOTS for m, _ in FAMILY_SUFFIXES])
    feminine = {root + m: root + f for root in FAMILY_ROOTS for m, f in FAMILY_SUFFIXES}
    return males, females, [(name, feminine[name]) for name in masculine]


@cache
def _letter(char: str) -> str:
    return ascii_text(char)


def transliterate(text: str, system: str) -> str:
    """Romanise Cyrillic `text` under one system; "cyrillic" keeps it as it is."""
    if system == "cyrillic":
        return text
    table = SYSTEMS[system]
    out: list[str] = []
    index = 0
    while index < len(text):
        pair = text[index : index + 2].lower()
        char = text[index]
        if pair in table:
            latin, step = table[pair], 2
        else:
            latin, step = table.get(char.lower(), _letter(char.lower())), 1
        out.append(latin[:1].upper() + latin[1:] if char.isupper() else latin)
        index += step
    return "".join(out)


def _typo(word: str, rng: random.Random) -> str:
    """One keyboard slip: swapped, dropped, doubled or changed letter."""
    if len(word) < 4:
        return word
    at = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == 1:
        return word[:at] + word[at + 1 :]
    if kind == 2:
        return word[:at] + word[at] + word[at:]
    vowels = "aeiou"
    return word[:at] + rng.choice(vowels.replace(word[at].lower(), "")) + word[at + 1 :]


def render(person: Person, rng: random.Random) -> str:
    """One mention's spelling of a person."""
    weights = {**SYSTEM_WEIGHTS, person.system: 20}
    system = rng.choices(list(weights), weights=list(weights.values()))[0]
    given, family = (transliterate(part, system) for part in (person.given, person.family))
    patronymic = transliterate(person.patronymic, system) if person.patronymic else None
    if system != "cyrillic" and rng.random() < 0.05:
        if rng.random() < 0.5:
            family = _typo(family, rng)
        else:
            given = _typo(given, rng)
    title = (
        ("г-жа" if person.female else "г-н")
        if system == "cyrillic"
        else ("Ms" if person.female else "Mr")
    )
    form = rng.random()
    if form < 0.02:
        return f"{title} {family}"  # a bare surname
    if form < 0.10:
        return f"{family.upper()} {given}"
    if form < 0.18:
        return f"{title} {given} {family}"
    if patronymic and form < 0.30:
        return f"{given} {patronymic} {family}"
    if patronymic and form < 0.33:
        return f"{family} {given} {patronymic}"
    return f"{given} {family}"


def make_persons(count: int, rng: random.Random) -> list[Person]:
    """`count` persons with distinct full names."""
    males, females, families = _name_lists()
    space = (len(males) + len(females)) * len(families)
    if count > space:
        raise ValueError(f"at most {space} distinct names, {count} asked")
    persons = []
    for code in rng.sample(range(space), count):
        given_index, family_index = divmod(code, len(families))
        female = given_index >= len(males)
        given = females[given_index - len(males)] if female else males[given_index]
        masculine, feminine = families[family_index]
        father = rng.choice(males)
        has_patronymic = rng.random() < 0.4 and father[-1] not in "аеиоуыэюяй"
        patronymic = father + ("овна" if female else "ович") if has_patronymic else None
        persons.append(
            Person(
                given=given,
                family=feminine if female else masculine,
                patronymic=patronymic,
                female=female,
                descriptor=rng.choice(DESCRIPTORS).replace("-", " "),
                system=rng.choice(["rigour", "bgn", "bgn", "passport", "cyrillic"]),
            )
        )
    return persons


def generate(mentions: int, seed: int = 7, mentions_per_person: int = 5) -> Corpus:
    """A corpus of `mentions` mentions. Persons are `mentions / mentions_per_person`, but
    never more than a third of the distinct names, so that large corpora do not run out
    of names (they get more mentions per person instead)."""
    rng = random.Random(seed)
    males, females, families = _name_lists()
    space = (len(males) + len(females)) * len(families)
    persons = make_persons(max(2, min(mentions // mentions_per_person, space // 3)), rng)
    order = list(range(len(persons)))
    rng.shuffle(order)
    cases: list[list[int]] = []
    while order:
        size = rng.choice([1, 1, 2, 3])
        cases.append(order[:size])
        order = order[size:]
    out: list[ResolvableMention] = []
    truth: list[int] = []
    document = 0
    while len(out) < mentions:
        case = rng.choice(cases)
        named = [p for p in case if rng.random() < 0.9] or case[:1]
        for _ in range(rng.randrange(1, 5)):
            other = rng.randrange(len(persons))
            if other not in named:
                named.append(other)
        names = [render(persons[p], rng) for p in named]
        doc_id = f"doc-{document:07d}"
        for index, p in enumerate(named):
            out.append(
                ResolvableMention(
                    ref=len(out),
                    name=names[index],
                    role="concern" if p in case else rng.choice(["advocate", "official"]),
                    descriptors=(persons[p].descriptor,) if rng.random() < 0.7 else (),
                    document=doc_id,
                    co_mentions=tuple(names[:index] + names[index + 1 :]),
                )
            )
            truth.append(p)
        document += 1
    return Corpus(persons, out[:mentions], truth[:mentions])
