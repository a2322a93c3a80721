"""Write the two binary documents of the sample corpus: a PDF briefing and a DOCX letter.

Run from the repository root (or anywhere):

    .venv/bin/python samples/make_binary_samples.py

The texts live in this file, so the binary files can always be rebuilt from source. The output
is deterministic: fixed creation dates and metadata, and (for the DOCX) fixed timestamps inside
the ZIP container, so that re-running the script gives byte-identical files.

Everything in these documents is fictional: the persons, their cases and the office-holders.

What the PDF exercises (it is meant to look like a real NGO briefing printed to PDF):
  * three pages, a running header on every page and a "Page N of M" footer;
  * long paragraphs set with ``multi_cell`` so that lines wrap naturally; one sentence runs
    across the page break from page 1 to page 2, and one word is hyphenated across a line
    break (a soft hyphen that fpdf2 turns into a visible hyphen where it breaks the line);
  * only the core font Helvetica, so the text is kept to Latin-1.
What the DOCX exercises: an undated letter with an address block, a table of cases, a signature
block of national MPs and a "cc:" block.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.shared import Pt
from fpdf import FPDF

HERE = Path(__file__).resolve().parent / "documents"
PDF_NAME = "ca_briefing_tajikistan_uzbekistan_2021.pdf"
DOCX_NAME = "kg_national_mps_letter_undated.docx"
# Fixed metadata dates. The DOCX letter itself is undated (its text gives no date); its
# metadata carries a plausible drafting date, as real files do.
PDF_DATE = datetime(2021, 6, 15, 9, 0, 0, tzinfo=UTC)
DOCX_DATE = datetime(2023, 1, 25, 14, 30, 0, tzinfo=UTC)
SHY = "\u00ad"  # soft hyphen: invisible unless the line breaks there

# --------------------------------------------------------------------------------------------
# PDF: an NGO briefing on Tajikistan and Uzbekistan, June 2021
# --------------------------------------------------------------------------------------------

PDF_HEADER = "Central Asia Rights Monitor  |  Briefing No. 4/2021  |  Tajikistan and Uzbekistan"

# Each item is (style, text). Styles: "title", "subtitle", "h1", "h2", "p", "bullet", "sign".
PDF_BODY: list[tuple[str, str]] = [
    ("title", "Political prisoners in Tajikistan and Uzbekistan: an update"),
    ("subtitle", "Briefing No. 4/2021 - June 2021"),
    ("h1", "Summary"),
    (
        "p",
        "This briefing updates our March 2021 overview of politically motivated imprisonment "
        "in Tajikistan and Uzbekistan. It is based on interviews with relatives and lawyers of "
        "prisoners, on court documents seen by Central Asia Rights Monitor (CARM) and on "
        "information from partner organisations in the region. Since our last briefing, the "
        "situation has not improved in either country. In Tajikistan, lawyers who take on "
        "politically sensitive cases continue to face prosecution and disbarment, and critics "
        "of the government who have sought refuge abroad are at risk of being forcibly "
        "returned. In Uzbekistan, despite the government's reform agenda, bloggers who "
        'criticise local officials or the President are still prosecuted for "insult" and, in '
        "at least one case documented below, detained in a psychiatric hospital.",
    ),
    ("h1", "1. Tajikistan"),
    ("h2", "1.1 Shokhrukh Nazarzoda, human rights lawyer"),
    (
        "p",
        "The human rights lawyer Shokhrukh Nazarzoda, 44, was arrested in Dushanbe on "
        "28 September 2019, two weeks after he had agreed to represent the relatives of a man "
        "who died in police custody in Kulob. On 3 March 2020 the Dushanbe City Court, sitting "
        "behind closed doors under Judge Rahmatullo Saidzoda, sentenced him to ten years in a "
        'high-security penal colony for "fraud" and "public calls for extremist activity" '
        "(Articles 247 and 307 of the Criminal Code). The Supreme Court upheld the sentence in "
        "July 2020. Neither his family nor foreign diplomats were allowed to attend any of the "
        "hearings, and the defence was given only two days to study a case file of more than "
        "1,200 pages.",
    ),
    (
        "p",
        "Mr Nazarzoda suffers from chronic kidney disease. Since the beginning of 2021 his "
        "relatives have submitted at least five requests for him to be examined by a "
        "specialist; all of them have been refused by the administration of the colony. During "
        "a visit in April, his wife found him unable to stand without help. He has also spent "
        "a total of more than forty days in a punishment cell since his transfer to the colony, "
        'officially for "failing to greet a guard". We consider that the denial of adequate '
        "medical care, combined with repeated disciplinary confinement, amounts to "
        "ill-treatment, and that his life may be at risk if he does not receive treatment "
        "in a civilian hospital without further delay.",
    ),
    ("h2", "1.2 Firuza Abdulloeva, lawyer"),
    (
        "p",
        "Firuza Abdulloeva, a lawyer who took over Mr Nazarzoda's defence after his arrest, had "
        "her licence suspended by the Ministry of Justice in November 2020, officially because "
        "she had missed a compulsory training course. On 2 February 2021 she was prevented from "
        "boarding a flight to Vienna, where she was due to speak at an OSCE event on the "
        "indepen"
        + SHY
        + "dence of the legal profession. Border officials gave no reason. Officials of "
        "the State Committee for National Security have since told her that a criminal case "
        'for "disclosure of state secrets" could be opened against her because she passed '
        "information about her client's health to foreign diplomats. Ms Abdulloeva is one of "
        "fewer than ten lawyers in the country who still accept politically sensitive cases.",
    ),
    ("h2", "1.3 Sherali Davlatov, opposition supporter"),
    (
        "p",
        "Sherali Davlatov, a supporter of a banned opposition movement who had lived in Russia "
        "since 2015, was detained by Russian police in Moscow on 14 April 2021 and handed over "
        "to Tajik security officers three days later, despite a pending asylum application. He "
        "has not been seen since. His family believes that he is held in the pre-trial "
        "detention centre of the State Committee for National Security in Dushanbe, but the "
        "authorities have refused to confirm his whereabouts or to say whether he has been "
        "charged.",
    ),
    ("h1", "2. Uzbekistan"),
    ("h2", "2.1 Bakhtiyor Kholmatov, blogger"),
    (
        "p",
        "The blogger Bakhtiyor Kholmatov, 36, from Namangan, was detained on 9 February 2021 "
        "after publishing a video in which he accused the regional administration of seizing "
        "farmland from local families for a private hotel project. He was charged with "
        '"insulting the President" under Article 158, part 3, of the Criminal Code, which '
        "carries a penalty of up to five years' imprisonment. On 2 March a court in Namangan "
        "ordered his forcible placement in the Tashkent city psychiatric hospital for a "
        '"forensic psychiatric examination" that has now lasted more than three months. '
        "His mother told CARM that he is being given sedatives against his will and that his "
        "lawyer has been allowed to see him only once. The use of forced psychiatric "
        "confinement against critics was a hallmark of the previous government; its return is "
        "a disturbing signal about the limits of the current reforms.",
    ),
    ("h2", "2.2 Nodira Yusupova, journalist"),
    (
        "p",
        'The journalist Nodira Yusupova was fined twice in March 2021 for "disseminating false '
        'information" after she reported on the consequences of a dam collapse in the Jizzakh '
        "region, and she was dismissed from her post at the regional television station in "
        "April. She continues to publish on her own Telegram channel.",
    ),
    ("h1", "3. Turkmenistan: a reminder"),
    (
        "p",
        "We also recall that the death in custody of the Turkmen journalist Begench Annayev, "
        "who died in a prison colony in August 2020 after being beaten by guards, has still "
        "not been investigated, and that his family continues to be pressured into silence.",
    ),
    ("h1", "4. Recommendations"),
    ("p", "CARM calls on the European Union and its Member States to:"),
    (
        "bullet",
        "raise the cases of Shokhrukh Nazarzoda, Firuza Abdulloeva, Sherali Davlatov, "
        "Bakhtiyor Kholmatov and Nodira Yusupova at the forthcoming Human Rights Dialogues "
        "with Tajikistan and Uzbekistan, and report publicly on the answers received;",
    ),
    (
        "bullet",
        "request access for EU diplomats to Mr Nazarzoda in the penal colony and to "
        "Mr Kholmatov in the psychiatric hospital;",
    ),
    (
        "bullet",
        "urge the authorities of Tajikistan to release Mr Nazarzoda on humanitarian grounds, "
        "to lift the travel ban on Ms Abdulloeva and to restore her licence;",
    ),
    (
        "bullet",
        "urge the authorities of Uzbekistan to release Mr Kholmatov, to drop the charges "
        "against him and to decriminalise insult of the President;",
    ),
    (
        "bullet",
        "ensure that no Member State returns critics of the Tajik government to Tajikistan "
        "where they face a real risk of torture.",
    ),
    ("sign", "Sarah Whitfield\nDirector, Central Asia Rights Monitor\nBrussels"),
]


class BriefingPDF(FPDF):
    """An A4 document with a running header and a "Page N of M" footer."""

    def header(self) -> None:
        self.set_font("Helvetica", "I", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, PDF_HEADER, align="C", new_x="LMARGIN", new_y="NEXT")
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(6)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")


def build_pdf(path: Path) -> None:
    pdf = BriefingPDF(format="A4")
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.alias_nb_pages()
    pdf.set_creation_date(PDF_DATE)
    pdf.set_title("Political prisoners in Tajikistan and Uzbekistan: an update")
    pdf.set_author("Central Asia Rights Monitor")
    pdf.set_subject("Briefing No. 4/2021")
    pdf.set_creator("casetrail samples/make_binary_samples.py")
    pdf.set_producer("casetrail sample generator")
    pdf.add_page()
    for style, text in PDF_BODY:
        if style == "title":
            pdf.set_font("Helvetica", "B", 16)
            pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        elif style == "subtitle":
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        elif style == "h1":
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        elif style == "h2":
            pdf.set_font("Helvetica", "BI", 11)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        elif style == "p":
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(0, 6, text, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif style == "bullet":
            pdf.set_font("Helvetica", "", 11)
            pdf.set_x(pdf.l_margin + 4)
            pdf.multi_cell(0, 6, "- " + text, new_x="LMARGIN", new_y="NEXT")
        elif style == "sign":
            pdf.ln(6)
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        else:  # pragma: no cover - a typo in PDF_BODY
            raise ValueError(f"unknown style {style!r}")
    pdf.output(str(path))


# --------------------------------------------------------------------------------------------
# DOCX: an undated open letter of national MPs to the President of the Kyrgyz Republic
# --------------------------------------------------------------------------------------------

DOCX_ADDRESS = [
    "H.E. Mr Talant Zhumabekov",
    "President of the Kyrgyz Republic",
    "Government House, 205 Chui Avenue",
    "720003 Bishkek",
    "Kyrgyz Republic",
]

DOCX_PARAGRAPHS_BEFORE_TABLE = [
    "Your Excellency,",
    "We, members of the national parliaments of Germany, Sweden, Lithuania and Poland, are "
    "writing to you about the detention of the investigative journalist Azamat Toktosunov and "
    "about the pressure exerted on his lawyer.",
    "Mr Toktosunov, the editor of the news website Ayna Media, was detained by officers of the "
    "State Committee for National Security (GKNB) at his home in Bishkek on 16 January. He is "
    "charged with \u201ccalls to mass riots\u201d under Article 278 of the Criminal Code and "
    "faces up to eight years in prison if convicted. The charge is based on a video report on "
    "the border agreement with Uzbekistan that Ayna Media published in November 2022. Three "
    "other members of the editorial team were questioned on the same day, and their "
    "computers and telephones were seized.",
    "His lawyer, Cholpon Asanova, was obliged to sign a non-disclosure undertaking and has "
    "since been warned by the investigator that she could face criminal charges for "
    "\u201cdisclosing the data of a pre-trial investigation\u201d if she continues to speak "
    "to the media. The Bar Association has also received a request from the GKNB to open "
    "disciplinary proceedings against her.",
    "We note with relief that the poet and civic activist Bekzat Mamytov, who was detained in "
    "the same case, was released on 2 February under a written undertaking not to leave "
    "Bishkek. He nevertheless remains a suspect in the criminal case.",
    "The situation of the three persons concerned is summarised below:",
]

DOCX_TABLE = [
    ("Name", "Occupation", "Situation"),
    (
        "Azamat Toktosunov",
        "journalist, editor of Ayna Media",
        "in pre-trial detention in the GKNB detention centre, Bishkek; charged under Art. 278",
    ),
    (
        "Cholpon Asanova",
        "lawyer",
        "threatened with criminal charges; disciplinary proceedings requested",
    ),
    (
        "Bekzat Mamytov",
        "poet, civic activist",
        "released on 2 February; may not leave Bishkek; still a suspect",
    ),
]

DOCX_PARAGRAPHS_AFTER_TABLE = [
    "The Kyrgyz Republic is a party to the International Covenant on Civil and Political "
    "Rights and benefits from the European Union's GSP+ trade preferences, which are "
    "conditional on the effective implementation of that Covenant. Independent journalism "
    "and the free exercise of the legal profession are essential to the commitments your "
    "country has made.",
    "We therefore respectfully call on Your Excellency to:",
    "ensure that Azamat Toktosunov is released and that the charges against him are dropped;",
    "guarantee that Cholpon Asanova can carry out her professional duties without "
    "intimidation or threats of prosecution;",
    "lift the restrictions imposed on Bekzat Mamytov and close the case against him.",
    "We would welcome the opportunity to discuss these cases with the Embassy of the Kyrgyz "
    "Republic in our respective capitals.",
    "Yours respectfully,",
]

DOCX_SIGNATORIES = [
    "Friederike Lang, Member of the German Bundestag",
    "Ola Bergstr\u00f6m, Member of the Swedish Riksdag",
    "Dainius \u017demaitis, Member of the Seimas of the Republic of Lithuania",
    "Agnieszka Sowa, Member of the Sejm of the Republic of Poland",
]

DOCX_CC = [
    "Ms Gulnara Bakirova, Ombudsperson (Akyikatchy) of the Kyrgyz Republic",
    "Mr Pierre Lef\u00e8vre, Head of the Delegation of the European Union to the Kyrgyz Republic",
]


def build_docx(path: Path) -> None:
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)

    core = document.core_properties
    core.author = "Office of Friederike Lang MdB"
    core.last_modified_by = "Office of Friederike Lang MdB"
    core.title = "Open letter on the case of Azamat Toktosunov"
    core.created = DOCX_DATE.replace(tzinfo=None)
    core.modified = DOCX_DATE.replace(tzinfo=None)
    core.revision = 1

    heading = document.add_paragraph()
    run = heading.add_run("OPEN LETTER")
    run.bold = True
    run.font.size = Pt(14)
    document.add_paragraph(
        "from Members of national parliaments of Member States of the European Union"
    )
    document.add_paragraph()
    for line in DOCX_ADDRESS:
        document.add_paragraph(line).paragraph_format.space_after = Pt(0)
    document.add_paragraph()

    for text in DOCX_PARAGRAPHS_BEFORE_TABLE:
        document.add_paragraph(text)

    table = document.add_table(rows=len(DOCX_TABLE), cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(DOCX_TABLE):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            if r == 0:
                cell.paragraphs[0].runs[0].bold = True
    document.add_paragraph()

    for text in DOCX_PARAGRAPHS_AFTER_TABLE:
        is_demand = text.startswith(("ensure", "guarantee", "lift"))
        document.add_paragraph(text, style="List Bullet" if is_demand else None)

    document.add_paragraph()
    for line in DOCX_SIGNATORIES:
        document.add_paragraph(line).paragraph_format.space_after = Pt(0)
    document.add_paragraph()
    document.add_paragraph("cc:")
    for line in DOCX_CC:
        document.add_paragraph(line).paragraph_format.space_after = Pt(0)

    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_normalise_zip(buffer.getvalue()))


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a ZIP container with fixed timestamps and a stable member order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=DOCX_DATE.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def main() -> None:
    build_pdf(HERE / PDF_NAME)
    build_docx(HERE / DOCX_NAME)
    print(f"wrote {HERE / PDF_NAME}")
    print(f"wrote {HERE / DOCX_NAME}")


if __name__ == "__main__":
    main()
