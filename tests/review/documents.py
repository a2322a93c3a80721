"""Fictional documents for the review tests: invented people, places and organisations.

One journalist is spelled two ways (Natalia / Natalya Sokolova); a third document names only
"Ms Sokolova", who may be her or Nadezhda Sokolova, a teacher named in a fourth: two pairs for
review. Two different men share the name Ivan
Petrov (a teacher in Zarechensk, a blogger in Lesogorsk).
"""

from __future__ import annotations

SOKOLOVA_DETAINED = """Press release: journalist Natalia Sokolova detained in Verkhnerechensk

VERKHNERECHENSK, 3 March 2024 - The investigative journalist Natalia Sokolova was arrested
on 1 March 2024 in Verkhnerechensk, two days after she published an article on the finances
of the regional governor. Her lawyer, Arkady Belov, said that Ms Sokolova was charged under
article 207.3 of the Criminal Code.

We call on the authorities to release Natalia Sokolova immediately.
"""

SOKOLOVA_SENTENCED = """Verkhnerechensk journalist sentenced to six years

VERKHNERECHENSK, 12 September 2024 - A court in Verkhnerechensk sentenced the journalist
Natalya Sokolova on 11 September 2024 to six years in prison. Her lawyer Arkady Belov said he
would appeal. Ms Sokolova has been in custody since March.
"""

MS_SOKOLOVA_STATEMENT = """Statement on the trials of journalists in the Verkhnerechensk region

MOSCOW, 20 October 2024 - The Union of Regional Journalists is alarmed by the sentence handed
down to Ms Sokolova, who was sentenced on 11 September 2024 to six years in prison. We demand
her immediate release.
"""

NADEZHDA_SOKOLOVA_NEWS = """Teacher fined for a post on social media

LESOGORSK, 5 November 2024 - The schoolteacher Nadezhda Sokolova was fined on 4 November 2024
by a court in Lesogorsk for a post criticising the mobilisation. Ms Sokolova said she would appeal.
"""

PETROV_TEACHER = """Open letter on the case of Ivan Petrov
Brussels, 10 February 2023

We are concerned about the history teacher Ivan Petrov from Zarechensk, who was arrested on
2 February 2023 after he refused to read out a statement on the war in his classroom. We call
on the authorities to release Ivan Petrov.

Yours sincerely,
Greta Lindqvist, Member of the European Parliament
"""

PETROV_BLOGGER = """Blogger detained in Lesogorsk

LESOGORSK, 8 May 2023 - The blogger Ivan Petrov was detained on 7 May 2023 in Lesogorsk after
he filmed a protest outside the city administration. Mr Petrov was charged with hooliganism.
"""

SOKOLOVA_APPEAL = """Joint appeal for imprisoned journalists in the Verkhnerechensk region

BERLIN, 2 December 2024 - Twelve press freedom organisations today call for the release of the
journalist Natalia Sokolova, sentenced in September to six years in prison for her reporting.
"""
