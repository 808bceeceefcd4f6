"""Benchmark: 100,000 subscriptions against realistic cases, index versus the naive loop.

Run: `python -m benchmarks.match [--subs 100000] [--cases 40] [--seed 1]`. It asserts that the
index gives exactly the naive loop's result for every case, and prints on its last line
`p50_ms=... p99_ms=... naive_p50_ms=... speedup=... build_s=... rss_mb=...`.

- Subscriptions are drawn from real Dutch policy vocabulary: single words (Dutch and English),
  prefixes, same-sentence pairs, quoted phrases, boolean mixes with OR / NOT / parentheses, and
  party:, member: and to: filters alone or with words.
- Cases are the seed case 2019Z15244 (merged from the seed files), the three documents quoted
  in shared/formats/koop/REAL_page_texts.md, and generated cases: a title, 3 to 10 questions
  and answers written from templates in the formats' style around one policy domain.
- `p50_ms`/`p99_ms` time `SubscriptionIndex.match` per case; building the case's `CaseText`
  (once per case, whatever the number of subscriptions) is printed on the line before.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
from pathlib import Path

from kamervragen.core.matching import CaseText, SubscriptionIndex, evaluate, parse_query
from kamervragen.core.model import Answer, Asker, Case, Question
from kamervragen.watchers.parsers.common import ZAAKNUMMER_RE
from kamervragen.watchers.parsers.sentences import parse_vragen_header
from tests.seeds import merged_seed_case

ROOT = Path(__file__).resolve().parent.parent

DOMAINS = {
    "digitaal": "cybersurveillance exportcontrole dual-usegoederen gezichtsherkenning "
    "emotieherkenning surveillancetechnologie algoritmes kunstmatige privacy datalek "
    "persoonsgegevens cyberaanval ransomware desinformatie spionagesoftware encryptie "
    "techbedrijven platformen gegevensbescherming clouddiensten DigiD glasvezel "
    "AI-verordening deepfakes socialemediaplatforms",
    "buitenland": "mensenrechten Xinjiang Oeigoeren China Oekraïne Rusland sancties "
    "ontwikkelingssamenwerking handelsakkoord wapenexport Wassenaar ambassade Taiwan Israël "
    "Gaza Syrië Afghanistan Soedan Mercosur Venezuela noodhulp humanitaire consulaire "
    "mensenrechtenschendingen Iran",
    "defensie": "defensie F-35 militairen veteranen munitie NAVO-norm materieelprojecten "
    "onderzeeboten luchtmacht marechaussee dienstplicht reservisten Srebrenica drones",
    "landbouw": "stikstof stikstofuitstoot boeren veehouderij natuurvergunning Natura "
    "ammoniak mestbeleid uitkoopregeling pachtgrond gewasbescherming glyfosaat "
    "dierenwelzijn vogelgriep melkveehouders visserij garnalenvissers biologische "
    "voedselverspilling slachthuizen",
    "wonen": "woningbouw huurwoningen huurprijzen woningnood dakloosheid corporaties "
    "hypotheekrente bouwvergunningen starters middenhuur huurtoeslag erfpacht "
    "vakantieparken arbeidsmigranten",
    "zorg": "huisartsen ziekenhuizen zorgverzekeraars wachtlijsten jeugdzorg ggz mantelzorg "
    "verpleeghuizen coronavaccin geneesmiddelen zorgpremie eigen risico ambulancezorg "
    "medicijntekorten abortus euthanasie orgaandonatie tandartsen",
    "justitie": "politie asielzoekers asielaanvragen vreemdelingenbewaring Ter Apel "
    "ondermijning drugscriminaliteit gevangenissen rechtspraak discriminatie etnisch "
    "profileren toeslagenaffaire kinderopvangtoeslag femicide zedenzaken cybercrime "
    "witwassen ondermijning explosies",
    "klimaat": "klimaatakkoord windparken zonnepanelen gaswinning Groningen aardbevingen "
    "energierekening waterstof kerncentrale CO2-uitstoot netcongestie warmtepompen "
    "energietoeslag Tata Steel luchtvervuiling",
    "onderwijs": "leraren lerarentekort studiefinanciering basisbeurs universiteiten "
    "passend onderwijs laaggeletterdheid schooluitval internationale studenten "
    "kinderopvang mbo-studenten studieschuld",
    "verkeer": "Schiphol vliegverkeer nachtvluchten spoorwegen NS-dienstregeling ProRail "
    "verkeersveiligheid snelheidsverlaging rekeningrijden fietspaden Lelylijn "
    "rijkswegen bruggen sluizen Waddenzee",
    "financien": "belastingdienst box 3 vermogensbelasting inflatie koopkracht "
    "toeslagen banken De Nederlandsche Bank pensioenfondsen pensioenakkoord btw "
    "accijnzen staatsschuld begrotingstekort fraudeaanpak",
    "werk": "minimumloon arbeidsmarkt zzp'ers schijnzelfstandigheid uitzendbureaus "
    "bijstand armoede schuldhulpverlening UWV WW-uitkering AOW arbeidsongeschiktheid "
    "Wajongers participatiewet",
    "bestuur": "gemeentefonds Caribisch Nederland Bonaire Curaçao Sint Maarten "
    "verkiezingen Kiesraad ambtenaren integriteit Wob-verzoeken Woo-verzoeken "
    "informatiehuishouding koningshuis",
    "cultuur": "publieke omroep NPO musea erfgoed bibliotheken persvrijheid "
    "journalisten sportclubs voetbalgeweld kansspelen gokreclames",
}


def words(text: str) -> list[str]:
    """The words of a space-separated list."""
    return text.split()


# Compounds as Dutch writes them: a domain's stems joined with common heads.
STEMS = {
    "digitaal": "cyber data privacy algoritme platform software chip",
    "buitenland": "handels sanctie mensenrechten ontwikkelings export vluchtelingen",
    "defensie": "defensie militaire wapen munitie veiligheids",
    "landbouw": "stikstof mest landbouw natuur dieren vis",
    "wonen": "woning huur bouw hypotheek",
    "zorg": "zorg ziekenhuis jeugdzorg ggz medicijn corona",
    "justitie": "asiel politie drugs straf migratie",
    "klimaat": "klimaat energie gas wind kernenergie",
    "onderwijs": "onderwijs leraren studie school",
    "verkeer": "spoor luchtvaart verkeers water",
    "financien": "belasting pensioen toeslagen begrotings",
    "werk": "arbeids bijstands armoede loon",
    "bestuur": "gemeente verkiezings integriteits",
    "cultuur": "omroep cultuur media sport",
}
HEADS = words(
    "beleid crisis wet plan fonds regeling tekort akkoord markt sector toezicht fraude "
    "regels kosten onderzoek maatregelen transitie problematiek doelen"
)

ENGLISH = words(
    "surveillance export control human rights technology regulation corruption information "
    "security capacity digital policy sanctions democracy migration nitrogen housing "
    "healthcare education climate energy taxes pension"
)
PHRASES = [
    "predictive policing",
    "dual use",
    "human rights",
    "Wassenaar Arrangement",
    "etnisch profileren",
    "Ter Apel",
    "passend onderwijs",
    "kunstmatige intelligentie",
    "export controle",
    "sociaal krediet",
    "due diligence",
    "Natura 2000",
]
PARTIES = words(
    "VVD D66 PVV CDA SP GroenLinks PvdA ChristenUnie SGP PvdD DENK JA21 BBB NSC Volt FvD "
    "GroenLinks-PvdA"
)
MEMBERS = words(
    "Sjoerdsma Omtzigt Ploumen Ojik Diks Heijnen Erkens Gesthuizen Schouw Kwint Leijten "
    "Bisschop Klaver Jetten Wilders Marijnissen Segers Agema Paternotte"
)
MINISTRIES = [
    "Buitenlandse Handel en Ontwikkelingssamenwerking",
    "Buitenlandse Zaken",
    "Financiën",
    "Justitie en Veiligheid",
    "Binnenlandse Zaken en Koninkrijksrelaties",
    "Defensie",
    "Landbouw, Natuur en Voedselkwaliteit",
    "Volksgezondheid, Welzijn en Sport",
    "Economische Zaken en Klimaat",
    "Onderwijs, Cultuur en Wetenschap",
    "Sociale Zaken en Werkgelegenheid",
    "Infrastructuur en Waterstaat",
]
TO_VALUES = [
    "Financiën",
    '"Buitenlandse Handel"',
    "Defensie",
    '"Buitenlandse Zaken"',
    "Justitie",
    "Landbouw",
    "Volksgezondheid",
    "Klimaat",
    "Onderwijs",
    "Wonen",
]

QUESTIONS = [
    "Bent u bekend met het bericht «{a} en {b}»?",
    "Klopt het dat {a} heeft geleid tot problemen met {b}? Zo ja, wat gaat u daaraan doen?",
    "Kunt u toelichten hoe het kabinet {a} in relatie tot {b} beoordeelt?",
    "Hoeveel gevallen van {a} zijn er het afgelopen jaar bekend geworden bij {b}?",
    "Bent u bereid de Kamer te informeren over de gevolgen van {a} voor {b}?",
    "Deelt u de mening dat {a} onwenselijk is zolang {b} niet is geregeld? Zo nee, waarom niet?",
]
ANSWERS = [
    "Ja. Het kabinet volgt de ontwikkelingen rond {a} nauwlettend.",
    "Nee. Er is geen aanleiding om aan te nemen dat {a} samenhangt met {b}.",
    "Het kabinet acht {a} in alle gevallen onwenselijk. In het kader van {b} wordt dit "
    "besproken met de betrokken partijen en de toezichthouder.",
    "Zoals eerder aangegeven in antwoorden op vragen van het lid {m} is {a} onderwerp van "
    "gesprek. De Kamer wordt voor de zomer geïnformeerd over {b}.",
    "Daarover zijn mij geen cijfers bekend. Wel is duidelijk dat {a} en {b} in de "
    "komende evaluatie worden betrokken.",
]


def domain_terms(domain: str) -> list[str]:
    """A domain's words and compounds (each stem with every head)."""
    compounds = [stem + head for stem in STEMS[domain].split() for head in HEADS]
    return DOMAINS[domain].split() + compounds


FILLER = [
    "Het kabinet hecht grote waarde aan een zorgvuldige afweging van alle betrokken belangen.",
    "Daarbij wordt nauw samengewerkt met de betrokken ministeries, uitvoeringsorganisaties en "
    "medeoverheden.",
    "Op dit moment is nog niet bekend wanneer de resultaten van het onderzoek beschikbaar zijn.",
    "Ik verwijs u in dit verband naar mijn brief aan uw Kamer van vorig jaar.",
    "Deze vragen zijn beantwoord mede namens de Minister van Binnenlandse Zaken.",
    "Het is niet mogelijk om op korte termijn een volledig overzicht te geven van de gevolgen.",
    "Zodra er meer duidelijkheid is, zal ik uw Kamer daarover informeren.",
    "Het is aan de betrokken partijen om hierover afspraken te maken, binnen de kaders van de "
    "geldende wet- en regelgeving.",
]


def vocabulary() -> list[str]:
    """Every term of every domain plus the English terms."""
    return [w for domain in DOMAINS for w in domain_terms(domain)] + ENGLISH


def make_query(rng: random.Random, words: list[str]) -> str:
    """One subscription query, drawn like real users might write them."""
    w = lambda: rng.choice(words)  # noqa: E731
    kind = rng.random()
    if kind < 0.30:
        return w()
    if kind < 0.38:
        return w()[: rng.randint(4, 7)] + "*"
    if kind < 0.50:
        return f"{w()} {w()}"
    if kind < 0.60:
        return f'"{rng.choice(PHRASES)}"'
    if kind < 0.75:
        return rng.choice(
            [
                f"{w()} OR {w()}",
                f"{w()} -{w()}",
                f"({w()} OR {w()}) {w()}",
                f"{w()} AND {w()}",
                f"{w()} NOT ({w()} OR {w()})",
                f'"{rng.choice(PHRASES)}" OR {w()}',
            ]
        )
    if kind < 0.85:
        return f"{w()} party:{rng.choice(PARTIES)}"
    if kind < 0.90:
        return f"{w()} to:{rng.choice(TO_VALUES)}"
    if kind < 0.95:
        return rng.choice([f"party:{rng.choice(PARTIES)}", f"member:{rng.choice(MEMBERS)}"])
    return f"to:{rng.choice(TO_VALUES)} party:{rng.choice(PARTIES)}"


def seed_case() -> Case:
    """Case 2019Z15244 as the project builds it: both seeds parsed and merged."""
    return merged_seed_case()


def format_cases() -> list[Case]:
    """The three documents quoted in shared/formats/koop/REAL_page_texts.md, when present."""
    path = ROOT.parent / "shared" / "formats" / "koop" / "REAL_page_texts.md"
    if not path.exists():
        return []
    cases = []
    for block in path.read_text(encoding="utf-8").split("```")[1::2]:
        header = parse_vragen_header(block)
        if header is None:
            continue
        number = ZAAKNUMMER_RE.search(block)
        cases.append(
            Case(
                number.group(1) if number else None,
                title=header.subject,
                askers=header.askers,
                addressees=header.addressees,
                questions=[Question(1, block)],
            )
        )
    return cases


def generated_case(rng: random.Random, number: int) -> Case:
    """A case about one domain, in the style of the real documents."""
    domain = rng.choice(list(DOMAINS))
    terms = rng.sample(domain_terms(domain), 30)  # what this case is about
    pick = lambda: rng.choice(terms)  # noqa: E731
    count = rng.randint(3, 10)
    questions = [
        Question(i + 1, rng.choice(QUESTIONS).format(a=pick(), b=pick())) for i in range(count)
    ]
    answers = [
        Answer(
            (i + 1,),
            " ".join(
                [
                    rng.choice(ANSWERS).format(a=pick(), b=pick(), m=rng.choice(MEMBERS))
                    for _ in range(rng.randint(1, 4))
                ]
                + rng.sample(FILLER, rng.randint(2, 6))
            ),
        )
        for i in range(count)
    ]
    return Case(
        f"2024Z{number:05d}",
        title=f"Het bericht «{pick().capitalize()} leidt tot zorgen over {pick()}»",
        askers=[Asker(rng.choice(MEMBERS), rng.choice(PARTIES))],
        addressees=[f"Minister van {rng.choice(MINISTRIES)}"],
        questions=questions,
        answers=answers,
    )


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    """Build the index, time it against the naive loop, check they agree, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subs", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=40, help="generated cases (plus 4 real)")
    parser.add_argument("--repeat", type=int, default=5, help="timed index runs per case")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    words = vocabulary()
    texts = [make_query(rng, words) for _ in range(args.subs)]

    started = time.perf_counter()
    queries = [parse_query(t) for t in texts]
    index = SubscriptionIndex()
    for sub_id, query in enumerate(queries):
        index.add(sub_id, query)
    build_s = time.perf_counter() - started

    cases = [seed_case(), *format_cases()]
    cases += [generated_case(rng, n) for n in range(args.cases)]
    case_texts = []
    text_ms = []
    for case in cases:
        started = time.perf_counter()
        case_texts.append(CaseText.from_case(case))
        text_ms.append((time.perf_counter() - started) * 1000)

    index.match(case_texts[0])  # the first match folds the pending keys into the automaton
    match_ms: list[float] = []
    naive_ms: list[float] = []
    matched = 0
    for text in case_texts:
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = index.match(text)
            match_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        naive = {i for i, q in enumerate(queries) if evaluate(q, text)}
        naive_ms.append((time.perf_counter() - started) * 1000)
        assert result == naive, f"index and naive loop differ: {len(result ^ naive)} ids"
        matched += len(result)

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    p50 = statistics.median(match_ms)
    naive_p50 = statistics.median(naive_ms)
    print(f"subscriptions={len(index)} cases={len(cases)} mean_matches={matched / len(cases):.0f}")
    print(
        f"case_text_p50_ms={statistics.median(text_ms):.2f} "
        f"case_text_max_ms={max(text_ms):.2f} index_max_ms={max(match_ms):.2f}"
    )
    print(
        f"p50_ms={p50:.2f} p99_ms={percentile(match_ms, 0.99):.2f} "
        f"naive_p50_ms={naive_p50:.1f} speedup={naive_p50 / p50:.0f} "
        f"build_s={build_s:.2f} rss_mb={rss_mb:.0f}"
    )


if __name__ == "__main__":
    main()
